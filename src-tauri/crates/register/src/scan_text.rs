//! Reading the text a scanner or a person typed into the scan box.

use shopfloor_domain::{Gtin, GtinError, Problem, ProblemCode};

/// Longest scan text worth reading; longer input is refused unread.
pub const MAX_SCAN_CHARS: usize = 128;

/// The GTIN in a scan, or a problem saying why it cannot be read. Scanners
/// may add control characters (a prefix, CR/LF, a group separator): they are
/// dropped, as is surrounding whitespace.
pub fn read_gtin(text: &str) -> Result<Gtin, Problem> {
    let count = text.chars().count();
    if count > MAX_SCAN_CHARS {
        return Err(invalid(format!(
            "That scan is {count} characters long, far longer than any barcode (8 to 14 digits). Scan again."
        )));
    }
    let cleaned: String = text.chars().filter(|c| !c.is_control()).collect();
    Gtin::parse(&cleaned).map_err(|e| {
        let why = match e {
            GtinError::Empty => "Nothing was scanned. Scan the barcode or type its digits, then press Enter.".into(),
            other => format!("Cannot read that barcode: {other}."),
        };
        invalid(why)
    })
}

fn invalid(message: String) -> Problem {
    Problem::new(ProblemCode::InvalidScan, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_text_table() {
        let ok = ["4006381333931", " 4006381333931 ", "4006381333931\r\n", "\u{1d}036000291452", "96385074"];
        for t in ok {
            assert!(read_gtin(t).is_ok(), "{t:?}");
        }
        let bad = [
            ("", "Nothing was scanned"),
            ("4006381333932", "check digit"),
            ("40063813339", "11"),
            ("abc", "only digits"),
        ];
        for (t, says) in bad {
            let p = read_gtin(t).unwrap_err();
            assert_eq!(p.code, ProblemCode::InvalidScan);
            assert!(p.message.contains(says), "{t:?}: {}", p.message);
        }
        let huge = "x".repeat(10 * 1024);
        let p = read_gtin(&huge).unwrap_err();
        assert!(p.message.contains("10240 characters") && p.message.len() < 200, "{}", p.message);
    }
}
