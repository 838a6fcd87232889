//! The project's paperwork: what `cargo package` ships is complete (every
//! document a shipped file cites is shipped too, and none cites a document
//! the project does not have), the crate's metadata and licenses are there,
//! and secl's address is written once.

mod common;

use std::process::Command;

use common::root;
use serde_json::Value;

/// The files `cargo package` puts into the crate.
fn shipped() -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo package --list: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with(".cargo_vcs_info") && *l != "Cargo.toml.orig")
        .map(str::to_string)
        .collect()
}

fn text_of(path: &str) -> Option<String> {
    std::fs::read_to_string(root().join(path)).ok()
}

#[test]
fn the_crate_ships_what_secl_needs_and_its_documents() {
    let files = shipped();
    for needed in [
        "README.md",
        "grammar.md",
        "CHANGELOG.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "taxonomies/sec.taxonomy",
        "taxonomies/cto.taxonomy",
        "examples/2024-q1.sec",
        "editors/vim/compiler/secl.vim",
        "editors/vscode/package.json",
        "docs/ci.md",
    ] {
        assert!(files.iter().any(|f| f == needed), "{needed} is not shipped");
    }
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("target/") || f.starts_with("fuzz/"))
    );
}

/// Every relative link in a shipped Markdown file names a shipped file.
#[test]
fn every_document_a_shipped_document_links_to_is_shipped() {
    let files = shipped();
    let link = regex::Regex::new(r"\]\(([^)#\s]+)(#[^)]*)?\)").unwrap();
    let mut missing = Vec::new();
    for file in files.iter().filter(|f| f.ends_with(".md")) {
        let text = text_of(file).unwrap();
        let dir = std::path::Path::new(file).parent().unwrap();
        for capture in link.captures_iter(&text) {
            let target = &capture[1];
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let mut path = std::path::PathBuf::new();
            for part in dir.join(target).components() {
                match part {
                    std::path::Component::ParentDir => {
                        path.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => path.push(other),
                }
            }
            let path = path.to_string_lossy().trim_end_matches('/').to_string();
            let found = files
                .iter()
                .any(|f| *f == path || f.starts_with(&format!("{path}/")));
            if !found {
                missing.push(format!("{file} links to {target}"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// No shipped file refers to the design notes the project was built from
/// (the spec file, its numbered sections, the seed documents): grammar.md
/// is the contract.
#[test]
fn nothing_cites_a_document_the_project_does_not_ship() {
    let mut found = Vec::new();
    for file in &shipped() {
        let Some(text) = text_of(file) else { continue };
        for (n, line) in text.lines().enumerate() {
            // Spelled apart, so that this file does not find itself.
            let cited = [concat!("SPEC", ".md"), "\u{a7}", concat!("seeds", "/")];
            if cited.iter().any(|c| line.contains(c)) {
                found.push(format!("{file}:{}: {line}", n + 1));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn cargo_metadata_is_complete() {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let package = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "secl")
        .unwrap();
    assert_eq!(package["license"], "MIT OR Apache-2.0");
    assert_eq!(
        package["readme"].as_str().map(|r| r.ends_with("README.md")),
        Some(true)
    );
    for field in ["description", "repository", "rust_version"] {
        assert!(
            package[field].as_str().is_some_and(|v| !v.is_empty()),
            "{field}"
        );
    }
    for field in ["keywords", "categories"] {
        let values = package[field].as_array().unwrap();
        assert!(!values.is_empty() && values.len() <= 5, "{field}");
    }
    let mit = text_of("LICENSE-MIT").unwrap();
    assert!(mit.starts_with("Copyright (c) ") && mit.contains("Permission is hereby granted"));
    let apache = text_of("LICENSE-APACHE").unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
}

/// The VS Code extension carries secl's license and address, the same as
/// the crate's.
#[test]
fn the_vscode_extension_has_its_paperwork() {
    let manifest: Value =
        serde_json::from_str(&text_of("editors/vscode/package.json").unwrap()).unwrap();
    assert_eq!(manifest["repository"]["url"], env!("CARGO_PKG_REPOSITORY"));
    assert_eq!(manifest["license"], "SEE LICENSE IN LICENSE");
    let license = text_of("editors/vscode/LICENSE").unwrap();
    assert!(license.contains("MIT OR Apache-2.0"));
    assert!(license.contains(&text_of("LICENSE-MIT").unwrap()));
    assert!(license.contains(&text_of("LICENSE-APACHE").unwrap()));
    // Every file it ships exists, but the bundle `vscode:prepublish` builds.
    let prepublish = manifest["scripts"]["vscode:prepublish"]
        .as_str()
        .unwrap_or("");
    for file in manifest["files"].as_array().unwrap() {
        let file = file.as_str().unwrap();
        assert!(
            prepublish.contains(&format!("--outfile={file}"))
                || root().join("editors/vscode").join(file).exists(),
            "{file}"
        );
    }
}

/// secl's address is Cargo.toml's `repository` (a placeholder until the
/// project is published); every other file that names it writes it the
/// same way, and none names another.
#[test]
fn the_repository_address_is_written_one_way() {
    let address = env!("CARGO_PKG_REPOSITORY");
    let placeholder = address
        .split('/')
        .nth(3)
        .expect("https://github.com/OWNER/NAME");
    let mut found = Vec::new();
    for file in shipped() {
        let Some(text) = text_of(&file) else { continue };
        for (n, line) in text.lines().enumerate() {
            let rest = line.replace(address, "");
            if rest.contains(placeholder) || rest.contains(concat!("github.com/", "secl/")) {
                found.push(format!("{file}:{}: {line}", n + 1));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
