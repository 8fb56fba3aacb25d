//! Cart totals: each line is unit price × quantity; the order total is the sum
//! of the line totals. All in one currency, all checked.

use crate::money::{Currency, Money, MoneyError};

/// What pricing needs of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartLine {
    pub unit_price: Money,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartTotals {
    pub line_totals: Vec<Money>,
    pub total: Money,
    pub units: i64,
}

/// Prices a cart. An empty cart totals zero in `currency`.
pub fn price_cart(lines: &[CartLine], currency: Currency) -> Result<CartTotals, MoneyError> {
    let mut total = Money::zero(currency);
    let mut units: i64 = 0;
    let mut line_totals = Vec::with_capacity(lines.len());
    for line in lines {
        let line_total = line.unit_price.times(line.quantity)?;
        total = total.checked_add(line_total)?;
        units = units.checked_add(line.quantity).ok_or(MoneyError::Overflow)?;
        line_totals.push(line_total);
    }
    Ok(CartTotals { line_totals, total, units })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(minor: i64, quantity: i64) -> CartLine {
        CartLine { unit_price: Money::new(minor, Currency::EUR), quantity }
    }

    #[test]
    fn totals_table() {
        let table: &[(&[CartLine], i64, i64)] = &[
            (&[], 0, 0),
            (&[line(199, 1)], 199, 1),
            (&[line(199, 3), line(1000, 2)], 2597, 5),
            (&[line(0, 4)], 0, 4),
        ];
        for (lines, total, units) in table {
            let t = price_cart(lines, Currency::EUR).unwrap();
            assert_eq!(t.total.minor, *total);
            assert_eq!(t.units, *units);
            assert_eq!(t.line_totals.len(), lines.len());
        }
    }

    #[test]
    fn mixed_currencies_and_overflow_are_errors() {
        let usd = CartLine { unit_price: Money::new(100, Currency::USD), quantity: 1 };
        assert!(price_cart(&[line(100, 1), usd], Currency::EUR).is_err());
        assert!(price_cart(&[line(i64::MAX, 2)], Currency::EUR).is_err());
    }
}
