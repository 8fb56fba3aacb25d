//! End-to-end tests: the real app in a real window over WebDriver, on a real
//! SQLite file seeded with the demo data.

mod register;
mod startup;
mod support;
