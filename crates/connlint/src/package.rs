//! Workato packages on disk: reads a package zip in memory (nothing is extracted), and
//! groups the linted files of a directory or zip into packages for the package rules
//! and the listing rules of each custom connector.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use connlint_linter::{
    file_name, ConnectorFacts, Package, PackageAdapter, PackageFacts, Project, ProjectFile,
};

/// Entries above this count are not read: an export of a whole workspace holds a few
/// hundred.
const MAX_ENTRIES: usize = 10_000;
/// What all entries of one zip may expand to, in bytes.
const MAX_TOTAL: u64 = 256 * 1024 * 1024;
/// An entry that expands more than this many times its compressed size is a zip bomb.
const MAX_RATIO: u64 = 200;
const MAX_NAME: usize = 1024;

/// One entry of a zip, as a linted input: its shown path (`export.zip!/a.recipe.json`)
/// and its text, or why it cannot be read.
pub struct ArchiveEntry {
    pub shown: String,
    pub text: Result<String, String>,
}

/// What a zip holds: its lintable entries and its logos (by shown path).
#[derive(Default)]
pub struct Archive {
    pub entries: Vec<ArchiveEntry>,
    pub logos: Vec<String>,
}

/// Whether a file name is a custom connector's logo (`<name>.custom_adapter.png`).
pub fn is_logo(name: &str) -> bool {
    adapter_stem(name).is_some_and(|(_, ext)| matches!(ext, "png" | "jpg" | "jpeg" | "gif"))
}

/// `acme.custom_adapter.rb` → (`acme`, `rb`).
fn adapter_stem(name: &str) -> Option<(&str, &str)> {
    let name = file_name(name);
    let (stem, ext) = name.rsplit_once('.')?;
    Some((stem.strip_suffix(".custom_adapter")?, ext))
}

/// Reads the zip at `path`: every entry whose name says it is linted, decoded in memory,
/// within the limits above and `max_size` per entry. `shown` is the zip's display path.
pub fn read_archive(path: &Path, shown: &str, max_size: u64) -> Result<Archive, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > max_size {
        return Err(format!(
            "archive is {size} bytes, over the --max-file-size limit of {max_size}; skipped"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip archive: {e}"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "archive has {} entries, over the limit of {MAX_ENTRIES}; skipped",
            zip.len()
        ));
    }
    let mut archive = Archive::default();
    let mut total = 0u64;
    for index in 0..zip.len() {
        let mut entry = match zip.by_index(index) {
            Ok(entry) => entry,
            Err(e) => {
                archive.entries.push(ArchiveEntry {
                    shown: format!("{shown}!/#{index}"),
                    text: Err(format!("unreadable zip entry: {e}")),
                });
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let entry_shown = format!("{shown}!/{raw}");
        let safe = raw.len() <= MAX_NAME
            && entry.enclosed_name().is_some()
            && !raw.split(['/', '\\']).any(|part| part == "..");
        let kind = connlint_linter::FileKind::of(&raw);
        if is_logo(&raw) {
            if safe {
                archive.logos.push(entry_shown);
            }
            continue;
        }
        if !kind.is_lintable() || kind == connlint_linter::FileKind::Archive {
            continue;
        }
        let text = if !safe {
            Err(
                "entry name leaves the archive (`..`, an absolute path) or is too long; skipped"
                    .to_owned(),
            )
        } else if entry.size() > max_size {
            Err(format!(
                "entry expands to {} bytes, over the --max-file-size limit of {max_size}; skipped",
                entry.size()
            ))
        } else if entry.size() > 1024 * 1024
            && entry.size() / entry.compressed_size().max(1) > MAX_RATIO
        {
            Err("entry expands over 200 times its size (a zip bomb?); skipped".to_owned())
        } else if total + entry.size() > MAX_TOTAL {
            Err(format!(
                "archive expands to over {MAX_TOTAL} bytes; entries from here are skipped"
            ))
        } else {
            // The header's size is the archive's word: read no more than it claims.
            let mut bytes = Vec::new();
            let limit = entry.size().min(max_size);
            match (&mut entry).take(limit + 1).read_to_end(&mut bytes) {
                Err(e) => Err(format!("unreadable zip entry: {e}")),
                Ok(_) if bytes.len() as u64 > limit => {
                    Err("entry is longer than its header says; skipped".to_owned())
                }
                Ok(_) => {
                    total += bytes.len() as u64;
                    crate::walk::decode(bytes)
                }
            }
        };
        archive.entries.push(ArchiveEntry {
            shown: entry_shown,
            text,
        });
    }
    Ok(archive)
}

/// One linted file of a package.
pub struct Part {
    /// The directory or zip the package is, as shown.
    pub root: String,
    pub path: String,
    pub facts: Option<PackageFacts>,
    /// For `<name>.custom_adapter.rb`: what its connector says.
    pub connector: Option<ConnectorFacts>,
}

/// The packages among the linted files: parts grouped by root. A root with no package
/// file (no recipe, connection or custom connector) is no package.
pub fn packages(parts: Vec<Part>, logos: &[(String, String)]) -> Vec<Package> {
    let mut by_root: BTreeMap<String, Package> = BTreeMap::new();
    for part in parts {
        let package = by_root.entry(part.root.clone()).or_insert_with(|| Package {
            root: part.root.clone(),
            ..Package::default()
        });
        match part.facts {
            Some(PackageFacts::Recipe(facts)) => package.recipes.push((part.path, facts)),
            Some(PackageFacts::Connection(facts)) => {
                package.connections.push((part.path, facts));
            }
            Some(PackageFacts::Adapter(facts)) => {
                adapter(package, &part.path).listing = Some((part.path.clone(), *facts));
            }
            None if connlint_linter::is_adapter_source(&part.path) => {
                adapter(package, &part.path).source = Some((part.path.clone(), part.connector));
            }
            None => {}
        }
    }
    for (root, logo) in logos {
        if let Some(package) = by_root.get_mut(root) {
            adapter(package, logo).logos.push(logo.clone());
        }
    }
    by_root
        .into_values()
        .filter(|p| !p.recipes.is_empty() || !p.connections.is_empty() || !p.adapters.is_empty())
        .collect()
}

fn adapter<'p>(package: &'p mut Package, path: &str) -> &'p mut PackageAdapter {
    let stem = adapter_stem(path).map_or("", |(s, _)| s).to_owned();
    let index = match package.adapters.iter().position(|a| a.stem == stem) {
        Some(index) => index,
        None => {
            package.adapters.push(PackageAdapter {
                stem,
                ..PackageAdapter::default()
            });
            package.adapters.len() - 1
        }
    };
    &mut package.adapters[index]
}

/// Logos on disk beside each custom connector of a directory package (a zip's are
/// listed as it is read; its paths name no directory on disk).
pub fn find_disk_logos(package: &mut Package) {
    for adapter in &mut package.adapters {
        let Some(beside) = adapter
            .listing
            .as_ref()
            .map(|l| &l.0)
            .or(adapter.source.as_ref().map(|s| &s.0))
        else {
            continue;
        };
        if !adapter.logos.is_empty() || beside.contains("!/") {
            continue;
        }
        let dir = Path::new(beside).parent().unwrap_or(Path::new(""));
        for ext in ["png", "jpg", "jpeg", "gif"] {
            let logo = dir.join(format!("{}.custom_adapter.{ext}", adapter.stem));
            if logo.is_file() {
                adapter.logos.push(crate::paths::display_path(&logo));
            }
        }
    }
}

/// The listing project of each custom connector with its source: the listing rules
/// read its `description` as they read README.md in an SDK project.
pub fn listing_projects(package: &Package) -> Vec<Project> {
    let mut out = Vec::new();
    for adapter in &package.adapters {
        let (Some((source, facts)), Some((listing, listed))) = (&adapter.source, &adapter.listing)
        else {
            continue;
        };
        out.push(Project {
            connector: source.clone(),
            facts: facts.clone().unwrap_or_default(),
            description: listed.description.as_ref().map(|text| ProjectFile {
                path: listing.clone(),
                text: text.clone(),
            }),
            listing_file: Some((listing.clone(), listed.description_range)),
            ..Project::default()
        });
    }
    out
}
