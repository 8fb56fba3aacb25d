//! End-to-end tests: the real app in a real window over WebDriver, on a real
//! SQLite file, with a real hub on 127.0.0.1 where sync is tested.

mod checkout;
mod clienteling;
mod hub;
mod pickups;
mod pictures;
mod register;
mod returns;
mod scanning;
mod startup;
mod support;
mod sync;
