//! The journal root (grammar.md "Where secl reads from"): `journal.sec`
//! found upwards, where the search stops, the files below a root its
//! journal does not reach, and day checks per log.

mod common;

use std::fs;
use std::path::Path;

use common::{run, secl};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// `secl --today=2024-06-01 ARGS` in `dir`: exit code, stdout, stderr.
fn secl_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let args = [&["--today=2024-06-01"], args].concat();
    run(dir, &args)
}

/// A journal split by month, with a root, a stray backup and an alias the
/// months use.
fn split_journal(dir: &Path) {
    write(
        dir,
        "journal.sec",
        "include 2024/*.sec\nalias okr = Strategy:Technology Planning:OKR management\n",
    );
    write(dir, "2024/01.sec", "2024-01-10\n  2h  okr\n");
    write(dir, "2024/02.sec", "2024-02-10\n  1h  okr\n");
    write(
        dir,
        "before-fmt.sec",
        "2024-01-10\n  2h  okr\n2024-02-10\n  1h  okr\n",
    );
}

#[test]
fn the_nearest_journal_sec_upwards_is_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    split_journal(dir.path());
    // From the root and from a month's folder alike: 3h, the backup not
    // counted, the root's alias known.
    for here in [dir.path().to_path_buf(), dir.path().join("2024")] {
        let (code, stdout, stderr) = secl_in(&here, &["balance", "--flat", "-o", "csv"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.ends_with("\ntotal,3.00,3.00\n"), "{stdout}");
        assert_eq!(stderr, "", "only check looks for unreached files");
    }
    let (code, stdout, _) = secl_in(&dir.path().join("2024"), &["register", "-o", "csv"]);
    assert_eq!(code, 0);
    let files: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap())
        .collect();
    assert_eq!(files, ["../2024/01.sec", "../2024/02.sec"]);
}

#[test]
fn check_names_every_sec_file_the_journal_does_not_reach() {
    let dir = tempfile::tempdir().unwrap();
    split_journal(dir.path());
    write(dir.path(), ".git/x.sec", "junk\n");
    write(
        dir.path(),
        "other/journal.sec",
        "2024-01-01  1h  Strategy\n",
    );
    write(dir.path(), "other/stray.sec", "2024-01-01  1h  Strategy\n");
    let (code, stdout, stderr) = secl_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found = json["diagnostics"].as_array().unwrap();
    assert_eq!(
        found.len(),
        1,
        "hidden dirs and nested roots are passed over: {stdout}"
    );
    assert_eq!(found[0]["code"], "secl::not_included");
    assert_eq!(found[0]["file"], "before-fmt.sec");
    assert_eq!(found[0]["severity"], "warning");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("`journal.sec`")
    );
    let help = found[0]["help"].as_str().unwrap();
    assert!(help.contains("`include before-fmt.sec`"), "{help}");
    assert!(help.contains("before-fmt.sec.bak"), "{help}");
    assert_eq!(stderr, "1 warning in 3 files\n");
    // From a subfolder, names are as reached from there.
    let (code, stdout, _) = secl_in(&dir.path().join("2024"), &["check", "--format", "short"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("../before-fmt.sec:1:1: warning[secl::not_included]"),
        "{stdout}"
    );
    // --strict makes it fail; a directory given to check is its root.
    let (code, _, _) = secl_in(
        Path::new("/"),
        &["check", "--strict", &dir.path().to_string_lossy()],
    );
    assert_eq!(code, 1);
    // A named journal.sec is a root too.
    let (code, stdout, _) = secl_in(
        dir.path(),
        &["-f", "journal.sec", "check", "--format", "short"],
    );
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn a_directory_holding_journal_sec_is_read_as_that_journal() {
    let dir = tempfile::tempdir().unwrap();
    split_journal(dir.path());
    let (code, stdout, stderr) = secl_in(
        Path::new("/"),
        &["-f", &dir.path().to_string_lossy(), "balance", "-o", "csv"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.ends_with("\ntotal,3.00,3.00\n"), "{stdout}");
}

#[test]
fn a_walk_treats_each_subdirectory_with_journal_sec_as_one_root() {
    let dir = tempfile::tempdir().unwrap();
    // Two people's journals below a directory without a root of its own.
    write(
        dir.path(),
        "ann/journal.sec",
        "include *.sec\nalias a = Strategy\n",
    );
    write(dir.path(), "ann/jan.sec", "2024-01-10\n  20h  a\n");
    write(dir.path(), "ann/feb.sec", "2024-01-10\n  5h  a\n");
    write(dir.path(), "bob.sec", "2024-01-10\n  20h  Culture\n");
    write(dir.path(), "eve.sec", "2024-01-10\n  20h  Culture\n");
    let (code, stdout, stderr) = secl_in(dir.path(), &["check", "--format", "short"]);
    // Ann's log is over 24h across her files; Bob and Eve are separate logs.
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("ann/jan.sec:2:3: error[secl::day_over_24h]: 2024-01-10 has 25h logged across 2 files of one journal (ann/feb.sec, ann/jan.sec)"),
        "{stdout}"
    );
}

#[test]
fn day_checks_count_across_one_log() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "journal.sec", "include 2024/*.sec\n");
    write(
        dir.path(),
        "2024/01.sec",
        "2024-01-10\n  21h  Culture\n  09:00-10:00  Strategy\n  1h  Strategy  ; same\n",
    );
    write(
        dir.path(),
        "2024/02.sec",
        "2024-01-09\n  1h  Culture\n2024-01-10\n  09:30-10:30  Culture\n  1h  Strategy  ; same\n",
    );
    let (code, stdout, _) = secl_in(dir.path(), &["check", "--format", "short"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "2024/02.sec:4:3: warning[secl::overlap]: 09:30-10:30 overlaps 09:00-10:00 on 2024-01-10 (2024/01.sec line 3)",
            "2024/02.sec:5:3: error[secl::day_over_24h]: 2024-01-10 has 25h logged across 2 files of one journal (2024/01.sec, 2024/02.sec), more than 24h",
            "2024/02.sec:5:7: warning[secl::duplicate_entry]: this entry repeats 2024/01.sec line 4 on 2024-01-10",
        ]
    );
    // A file whose dates come before another file's is in order: order
    // is each file's own.
    // Reports refuse the journal as check does (a day over 24h is an error).
    let (code, _, stderr) = secl_in(dir.path(), &["balance"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("day_over_24h"), "{stderr}");
}

/// Totals of `balance -o csv` run in `here` with `env`.
fn total_in(here: &Path, env: &[(&str, &Path)]) -> (String, String) {
    let mut cmd = secl(here);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd
        .args(["--today=2024-06-01", "balance", "-o", "csv"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let total = stdout.lines().last().unwrap_or("").to_string();
    (total, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// A root above the start and a file of its own in the start directory:
/// which one is read tells where the search stopped.
fn above_and_here(dir: &Path) -> std::path::PathBuf {
    write(dir, "journal.sec", "2024-01-10\n  5h  Culture\n");
    write(dir, "ceiling/here/own.sec", "2024-01-10\n  1h  Culture\n");
    dir.join("ceiling/here")
}

#[test]
fn the_search_stops_at_ceilings_and_at_home() {
    let dir = tempfile::tempdir().unwrap();
    let here = above_and_here(dir.path());
    let ceilings = dir.path().join("ceiling");
    // Found when nothing stops it (the common test ceiling is /tmp).
    let (total, _) = total_in(&here, &[]);
    assert_eq!(total, "total,5.00,5.00");
    // A ceiling is never entered: the current directory is walked.
    let (total, stderr) = total_in(&here, &[("SECL_CEILING_DIRECTORIES", &ceilings)]);
    assert_eq!(total, "total,1.00,1.00", "{stderr}");
    // Started inside $HOME, the search does not go above it...
    let (total, _) = total_in(&here, &[("HOME", &ceilings)]);
    assert_eq!(total, "total,1.00,1.00");
    // ...but a journal.sec in $HOME itself is found.
    write(&ceilings, "journal.sec", "2024-01-10\n  2h  Culture\n");
    let (total, _) = total_in(&here, &[("HOME", &ceilings)]);
    assert_eq!(total, "total,2.00,2.00");
}

/// A `journal.sec` in a directory the user does not own is ignored, with
/// a warning naming it (tests run as root in CI: the directory is given to
/// `nobody`).
#[cfg(unix)]
#[test]
fn a_journal_sec_in_someone_elses_directory_is_ignored() {
    use std::os::unix::fs::chown;
    let dir = tempfile::tempdir().unwrap();
    let here = above_and_here(dir.path());
    chown(dir.path(), Some(65534), Some(65534))
        .expect("this test gives a directory to nobody, and so runs as root (as CI does)");
    let (total, stderr) = total_in(&here, &[]);
    assert_eq!(total, "total,1.00,1.00");
    assert_eq!(
        stderr,
        "warning: ignoring `../../journal.sec`: its directory belongs to user id 65534, not to you\n  \
         help: secl adopts a journal.sec only in your own directories; name it with -f to read it\n"
    );
    chown(dir.path(), Some(0), Some(0)).unwrap();
}

#[test]
fn globs_matching_nothing_are_fine_a_missing_plain_path_is_not() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "journal.sec",
        "include 2025/*.sec\n2024-01-10  1h  Culture\n",
    );
    let (code, stdout, _) = secl_in(dir.path(), &["check", "--format", "short"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    write(
        dir.path(),
        "journal.sec",
        "include 2025/jan.sec\n2024-01-10  1h  Culture\n",
    );
    let (code, stdout, _) = secl_in(dir.path(), &["check", "--format", "short"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(
            "journal.sec:1:9: error[secl::missing_include]: cannot include `2025/jan.sec`"
        ),
        "{stdout}"
    );
}

/// `fmt` with no PATHS under a journal root formats the root file and
/// every file it reaches, and nothing else.
#[test]
fn fmt_formats_what_the_root_reaches() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "journal.sec", "include 2024/*.sec\n");
    write(dir.path(), "2024/01.sec", "2024-01-10\n 1h   Culture\n");
    write(dir.path(), "stray.sec", "2024-01-10\n 1h   Culture\n");
    let (code, stdout, stderr) = secl_in(&dir.path().join("2024"), &["fmt"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("2024/01.sec")).unwrap(),
        "2024-01-10\n  1h  Culture\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("stray.sec")).unwrap(),
        "2024-01-10\n 1h   Culture\n"
    );
}

/// A file reached from two logs belongs to the first: its time counts
/// toward the first log's days only.
#[test]
fn a_file_included_by_two_logs_belongs_to_the_first() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ann.sec",
        "include shared.sec\n2024-01-10\n  20h  Culture\n",
    );
    write(
        dir.path(),
        "bob.sec",
        "include shared.sec\n2024-01-10\n  20h  Culture\n",
    );
    write(dir.path(), "shared.sec", "2024-01-10\n  5h  Strategy\n");
    let (code, stdout, _) = secl_in(
        dir.path(),
        &[
            "-f", "ann.sec", "-f", "bob.sec", "check", "--format", "short",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "shared.sec:2:3: error[secl::day_over_24h]: 2024-01-10 has 25h logged across 2 files of one journal (ann.sec, shared.sec), more than 24h\n"
    );
}

mod split {
    //! Splitting a log over included files changes nothing the day checks
    //! find: the same codes, the same `day_over_24h` dates.

    use proptest::prelude::*;
    use secl::journal::{Keep, build};
    use secl::load::{Input, load};
    use secl::parse::Options;

    /// One entry: date (day of January), its line, and the file it goes in.
    fn entry() -> impl Strategy<Value = (u32, String, bool)> {
        let line = prop_oneof![
            (1u32..13, 0usize..2)
                .prop_map(|(h, t)| format!("{h}h  {}", ["Strategy", "Culture"][t])),
            (8u32..12, 1u32..3).prop_map(|(h, l)| format!("{h:02}:00-{:02}:30  Strategy", h + l)),
            Just("1h  Culture  ; same".to_string()),
        ];
        (1u32..4, line, any::<bool>())
    }

    /// The day-check findings of a journal but `out_of_order`: codes, and
    /// the dates of the days over 24h, sorted.
    fn findings(inputs: &[Input]) -> (Vec<&'static str>, Vec<String>) {
        let options = Options {
            today: chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            keep: Keep::Entries,
        };
        let journal = build(load(inputs, &mut std::io::empty(), options));
        // out_of_order is each file's own, so it is left out.
        let mut codes: Vec<&str> = journal
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .filter(|c| *c != "secl::out_of_order")
            .collect();
        let mut over: Vec<String> = journal
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "secl::day_over_24h")
            .map(|d| d.message[..10].to_string())
            .collect();
        codes.sort();
        over.sort();
        (codes, over)
    }

    /// Day blocks of `entries`, in order.
    fn blocks(entries: &[&(u32, String, bool)]) -> String {
        entries
            .iter()
            .map(|(day, line, _)| format!("2024-01-{day:02}\n  {line}\n"))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn one_file_or_split_finds_the_same(entries in proptest::collection::vec(entry(), 0..24)) {
            let dir = tempfile::tempdir().unwrap();
            let (a, b): (Vec<_>, Vec<_>) = entries.iter().partition(|e| e.2);
            let whole: Vec<_> = a.iter().chain(b.iter()).copied().collect();
            std::fs::write(dir.path().join("one.sec"), blocks(&whole)).unwrap();
            std::fs::write(dir.path().join("journal.sec"), "include a.sec\ninclude b.sec\n").unwrap();
            std::fs::write(dir.path().join("a.sec"), blocks(&a)).unwrap();
            std::fs::write(dir.path().join("b.sec"), blocks(&b)).unwrap();
            let one = findings(&[Input::Path(dir.path().join("one.sec"))]);
            let split = findings(&[Input::Path(dir.path().join("journal.sec"))]);
            prop_assert_eq!(one, split);
        }
    }
}
