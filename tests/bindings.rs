//! The TypeScript bindings in `ui/src/bindings.ts` are generated from the
//! Rust commands; this test fails when they drift. To regenerate after
//! changing a command or a payload:
//! `SHOPFLOOR_WRITE_BINDINGS=1 cargo test --test bindings`. The commands
//! taking raw bytes (`image_commands`) have a hand-written wrapper instead.

use std::path::Path;

#[test]
fn typescript_bindings_match_the_rust_commands() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    shopfloor_app::export_bindings(&fresh).expect("export bindings");
    let fresh_text = std::fs::read_to_string(&fresh).unwrap();
    if std::env::var_os("SHOPFLOOR_WRITE_BINDINGS").is_some() {
        std::fs::write(&committed, &fresh_text).unwrap();
        return;
    }
    let committed_text = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        committed_text == fresh_text,
        "ui/src/bindings.ts is out of date with the Rust commands; run \
         `SHOPFLOOR_WRITE_BINDINGS=1 cargo test --test bindings` and commit the result"
    );
}

/// The two commands that take raw bytes are outside the generated bindings;
/// their hand-written wrapper must call them by their Rust names.
#[test]
fn the_raw_body_commands_are_the_ones_the_ui_calls() {
    let wrapper = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/scanner/decodeIpc.ts");
    let text = std::fs::read_to_string(&wrapper).unwrap();
    for name in shopfloor_app::image_commands::NAMES {
        assert!(text.contains(&format!("invoke<string>(\"{name}\"")), "{} does not call {name}", wrapper.display());
    }
    let generated = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts")).unwrap();
    for name in shopfloor_app::image_commands::NAMES {
        assert!(!generated.contains(&format!("\"{name}\"")), "{name} is typed by hand, not generated");
    }
}
