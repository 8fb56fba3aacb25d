//! The TypeScript bindings in `ui/src/bindings.ts` are generated from the
//! Rust commands; this test fails when they drift. To regenerate after
//! changing a command or a payload:
//! `SHOPFLOOR_WRITE_BINDINGS=1 cargo test --test bindings`.

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
