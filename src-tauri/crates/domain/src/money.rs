//! Money as integer minor units with a currency.
//!
//! Rules, written down once:
//! - An amount is an `i64` count of the currency's minor unit (cents for EUR,
//!   yen for JPY, fils for KWD). Floats never hold money.
//! - Every operation is checked: overflow and mixing currencies are errors,
//!   never a wrapped or silently converted number.
//! - Rates are in basis points (1 bp = 0.01 %). Applying a rate rounds once,
//!   at the end, to the minor unit, by the [`Rounding`] the caller names.
//!   The retail default is [`Rounding::HalfUp`]: half a minor unit rounds away
//!   from zero (2.5 → 3, −2.5 → −3).
//! - Splitting an amount ([`Money::allocate`]) never loses or invents a minor
//!   unit: the parts always add up to the whole; leftovers go to the first parts.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code with its minor-unit exponent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency {
    code: [u8; 3],
}

impl Currency {
    pub const EUR: Currency = Currency { code: *b"EUR" };
    pub const USD: Currency = Currency { code: *b"USD" };
    pub const GBP: Currency = Currency { code: *b"GBP" };
    pub const JPY: Currency = Currency { code: *b"JPY" };

    /// Parses a three-letter upper-case ISO 4217 code.
    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        let bytes = code.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(MoneyError::BadCurrency(code.chars().take(16).collect()));
        }
        Ok(Currency { code: [bytes[0], bytes[1], bytes[2]] })
    }

    pub fn code(&self) -> &str {
        // Only ASCII upper-case letters are ever stored.
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// Number of decimal places of the minor unit (ISO 4217).
    pub fn exponent(&self) -> u32 {
        match self.code() {
            "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF"
            | "UGX" | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
            "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
            _ => 2,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amounts in {0} and {1} cannot be combined")]
    CurrencyMismatch(Currency, Currency),
    #[error("the amount is too large to compute")]
    Overflow,
    #[error("'{0}' is not a currency code (three capital letters, such as EUR)")]
    BadCurrency(String),
    #[error("cannot split an amount into zero parts")]
    NoParts,
}

/// How a fraction of a minor unit becomes a whole one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Half a unit rounds away from zero: 2.5 → 3, −2.5 → −3. Retail default.
    HalfUp,
    /// Half a unit rounds to the even neighbour: 2.5 → 2, 3.5 → 4.
    HalfEven,
    /// Any fraction is dropped toward zero: 2.9 → 2, −2.9 → −2.
    TowardZero,
}

impl Rounding {
    /// Divides `num` by a positive `den`, rounding the quotient by this rule.
    pub fn divide(self, num: i128, den: i128) -> i128 {
        debug_assert!(den > 0);
        let q = num / den;
        let r = num % den;
        if r == 0 {
            return q;
        }
        let away = if num < 0 { q - 1 } else { q + 1 };
        let twice = r.abs() * 2;
        match self {
            Rounding::TowardZero => q,
            Rounding::HalfUp => {
                if twice >= den {
                    away
                } else {
                    q
                }
            }
            Rounding::HalfEven => {
                if twice > den || (twice == den && q % 2 != 0) {
                    away
                } else {
                    q
                }
            }
        }
    }
}

/// An amount of money: integer minor units and a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let minor = self.minor.checked_add(other.minor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let minor = self.minor.checked_sub(other.minor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// The amount times a whole quantity (a unit price times units sold).
    pub fn times(self, quantity: i64) -> Result<Money, MoneyError> {
        let minor = self.minor.checked_mul(quantity).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// `basis_points / 10_000` of the amount, rounded once to the minor unit.
    pub fn rate(self, basis_points: i64, rounding: Rounding) -> Result<Money, MoneyError> {
        self.ratio(basis_points as i128, 10_000, rounding)
    }

    /// `num / den` of the amount (den > 0), rounded once to the minor unit.
    /// Used for weights (grams per kilogram) and rates alike.
    pub fn ratio(self, num: i128, den: i128, rounding: Rounding) -> Result<Money, MoneyError> {
        if den <= 0 {
            return Err(MoneyError::Overflow);
        }
        let product = (self.minor as i128).checked_mul(num).ok_or(MoneyError::Overflow)?;
        let minor = rounding.divide(product, den);
        let minor = i64::try_from(minor).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// Splits the amount into `weights.len()` parts proportional to the
    /// weights; the parts add up to exactly the amount. With all-zero weights
    /// the amount is split evenly.
    pub fn allocate(self, weights: &[u64]) -> Result<Vec<Money>, MoneyError> {
        if weights.is_empty() {
            return Err(MoneyError::NoParts);
        }
        let total: u128 = weights.iter().map(|w| *w as u128).sum();
        let even = vec![1u64; weights.len()];
        let (weights, total) = if total == 0 { (&even[..], weights.len() as u128) } else { (weights, total) };
        let whole = self.minor as i128;
        let mut parts: Vec<i128> =
            weights.iter().map(|w| whole * (*w as i128) / total as i128).collect();
        let mut left = whole - parts.iter().sum::<i128>();
        let step = if left < 0 { -1 } else { 1 };
        let n = parts.len();
        let mut i = 0;
        while left != 0 {
            parts[i % n] += step;
            left -= step;
            i += 1;
        }
        Ok(parts.into_iter().map(|p| Money::new(p as i64, self.currency)).collect())
    }

    /// The amount written with the currency's decimals, e.g. `12.50 EUR`.
    pub fn display(&self) -> String {
        let exp = self.currency.exponent();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exp == 0 {
            return format!("{sign}{abs} {}", self.currency);
        }
        let unit = 10u64.pow(exp);
        format!("{sign}{}.{:0width$} {}", abs / unit, abs % unit, self.currency, width = exp as usize)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    #[test]
    fn rounding_table() {
        // (numerator, denominator, half-up, half-even, toward-zero)
        let table: &[(i128, i128, i128, i128, i128)] = &[
            (25, 10, 3, 2, 2),
            (35, 10, 4, 4, 3),
            (-25, 10, -3, -2, -2),
            (24, 10, 2, 2, 2),
            (26, 10, 3, 3, 2),
            (-26, 10, -3, -3, -2),
            (30, 10, 3, 3, 3),
            (1, 3, 0, 0, 0),
            (2, 3, 1, 1, 0),
            (0, 7, 0, 0, 0),
        ];
        for &(n, d, up, even, zero) in table {
            assert_eq!(Rounding::HalfUp.divide(n, d), up, "half-up {n}/{d}");
            assert_eq!(Rounding::HalfEven.divide(n, d), even, "half-even {n}/{d}");
            assert_eq!(Rounding::TowardZero.divide(n, d), zero, "toward-zero {n}/{d}");
        }
    }

    #[test]
    fn rates_round_once() {
        // 19 % of 9.99 = 1.8981 → 1.90
        assert_eq!(eur(999).rate(1900, Rounding::HalfUp).unwrap(), eur(190));
        // 50 % of 0.05 = 0.025 → 0.03 half-up, 0.02 half-even
        assert_eq!(eur(5).rate(5000, Rounding::HalfUp).unwrap(), eur(3));
        assert_eq!(eur(5).rate(5000, Rounding::HalfEven).unwrap(), eur(2));
        assert_eq!(eur(-5).rate(5000, Rounding::HalfUp).unwrap(), eur(-3));
    }

    #[test]
    fn checked_arithmetic() {
        assert_eq!(eur(150).checked_add(eur(250)).unwrap(), eur(400));
        assert_eq!(eur(150).checked_sub(eur(250)).unwrap(), eur(-100));
        assert_eq!(eur(199).times(3).unwrap(), eur(597));
        assert_eq!(eur(i64::MAX).checked_add(eur(1)), Err(MoneyError::Overflow));
        assert_eq!(eur(i64::MAX / 2 + 1).times(2), Err(MoneyError::Overflow));
        assert_eq!(
            eur(1).checked_add(Money::new(1, Currency::USD)),
            Err(MoneyError::CurrencyMismatch(Currency::EUR, Currency::USD))
        );
    }

    #[test]
    fn allocation_never_loses_a_cent() {
        let cases: &[(i64, &[u64])] =
            &[(100, &[1, 1, 1]), (-100, &[1, 1, 1]), (1001, &[3, 7]), (5, &[0, 0]), (0, &[2, 5]), (7, &[1])];
        for (amount, weights) in cases {
            let parts = eur(*amount).allocate(weights).unwrap();
            assert_eq!(parts.len(), weights.len());
            assert_eq!(parts.iter().map(|p| p.minor).sum::<i64>(), *amount, "{amount} over {weights:?}");
        }
        assert_eq!(eur(100).allocate(&[1, 1, 1]).unwrap(), vec![eur(34), eur(33), eur(33)]);
        assert_eq!(eur(1).allocate(&[]), Err(MoneyError::NoParts));
    }

    #[test]
    fn display_uses_the_currency_exponent() {
        assert_eq!(eur(1250).display(), "12.50 EUR");
        assert_eq!(eur(-5).display(), "-0.05 EUR");
        assert_eq!(Money::new(1250, Currency::JPY).display(), "1250 JPY");
        assert_eq!(Money::new(1250, Currency::parse("KWD").unwrap()).display(), "1.250 KWD");
    }

    #[test]
    fn currency_codes_are_checked() {
        for bad in ["", "eur", "EURO", "E1R", "€"] {
            assert!(Currency::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Currency::parse("EUR").unwrap(), Currency::EUR);
    }
}
