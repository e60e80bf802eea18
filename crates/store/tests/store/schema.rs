use std::collections::BTreeSet;
use std::path::PathBuf;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn names(dir: &str) -> BTreeSet<String> {
    std::fs::read_dir(crate_dir().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".sql"))
        .collect()
}

#[test]
fn both_backends_have_the_same_migrations_as_the_schema_sources() {
    let sources = names("schema");
    assert_eq!(names("migrations/sqlite"), sources);
    assert_eq!(names("migrations/postgres"), sources);
}

/// Renders the portable sources again and compares with the committed migrations, so an edit to
/// schema/*.sql without running generate.py fails here.
#[test]
fn migrations_are_generated_from_the_current_schema_sources() {
    let out = std::process::Command::new("python3")
        .arg(crate_dir().join("schema/generate.py"))
        .arg("--check")
        .output()
        .expect("python3 runs schema/generate.py");
    assert!(
        out.status.success(),
        "stale migrations: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}
