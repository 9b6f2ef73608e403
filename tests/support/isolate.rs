//! Cuts a fixture file down around one finding, for the line-by-line prefilter check in
//! `rules.rs`: other lines are blanked (line numbers stay) as long as the run without the
//! prefilter still makes the finding.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use ssotlint::config::Settings;
use ssotlint::input::discovery::FileJob;
use ssotlint::input::prefilter::Prefilters;
use ssotlint::rules::RuleKind;
use ssotlint::run::baseline::Baseline;
use ssotlint::run::engine::{self, RunOptions};

/// `(path, line, rule)`: a finding, or a site in a concern's inventory (a finding that waits
/// for the concern to get an owner).
pub type Site = (String, u32, String);

/// One fixture directory, loaded once, run as often as the cutting needs.
pub struct Fixture {
    pub settings: Settings,
    pub prefilter: Prefilters,
    jobs: Vec<FileJob>,
    baseline: Option<Baseline>,
    /// Runs already made, by file, text and prefilter use.
    memo: HashMap<(String, String, bool), BTreeSet<Site>>,
}

impl Fixture {
    pub fn load(dir: &Path) -> Fixture {
        let settings = ssotlint::config::Settings::load(dir, &Default::default()).unwrap();
        let walk = ssotlint::input::projects::Walk { force_exclude: false, threads: Some(1) };
        let (jobs, _) = ssotlint::input::projects::files_of(&settings, &[dir.to_path_buf()], walk);
        let baseline = Some(dir.join("baseline.json")).filter(|p| p.is_file()).map(|p| Baseline::read(&p).unwrap());
        let prefilter = engine::prefilter(&settings);
        Fixture { settings, prefilter, jobs, baseline, memo: HashMap::new() }
    }

    pub fn text(&self, path: &str) -> String {
        let job = self.jobs.iter().find(|j| &*j.rel == path).unwrap_or_else(|| panic!("no file {path}"));
        std::fs::read_to_string(&job.path).unwrap()
    }

    /// What a run makes when `path` holds `text`. A code rule's findings in a file depend on
    /// that file alone, so it is run alone; the others need every file of the fixture.
    pub fn run(&mut self, path: &str, text: &str, kind: RuleKind, prefilter: bool) -> BTreeSet<Site> {
        let alone = kind == RuleKind::Code;
        let key = (format!("{path}{}", if alone { "" } else { " (all)" }), text.to_owned(), prefilter);
        if let Some(sites) = self.memo.get(&key) {
            return sites.clone();
        }
        let filter = prefilter.then_some(&self.prefilter);
        let mut outcome = if alone {
            engine::run_text(&self.settings, path, text.to_owned(), filter)
        } else {
            let mut jobs = self.jobs.clone();
            let job = jobs.iter_mut().find(|j| &*j.rel == path).unwrap();
            job.text = Some(text.into());
            let options = RunOptions { no_prefilter: !prefilter, threads: Some(1), ..RunOptions::default() };
            engine::check(&self.settings, &jobs, Vec::new(), &options)
        };
        if let Some(baseline) = &self.baseline {
            outcome.baseline = Some(baseline.apply(&mut outcome, &self.settings));
        }
        let findings = outcome.findings.iter().map(|f| (f.path.to_string(), f.location.start.line, f.rule.to_string()));
        let unowned =
            outcome.inventory.iter().map(|s| (s.site.path.to_string(), s.site.location.start.line, s.rule.to_string()));
        let sites: BTreeSet<Site> = findings.chain(unowned).collect();
        self.memo.insert(key, sites.clone());
        sites
    }

    /// The smallest text (by blanking lines of `path`, one chunk at a time) in which the run
    /// without the prefilter still makes `site`.
    pub fn isolate(&mut self, site: &Site, kind: RuleKind) -> String {
        let (path, line, _) = site;
        let lines: Vec<String> = self.text(path).lines().map(str::to_owned).collect();
        let mut kept: Vec<usize> = (0..lines.len()).filter(|&i| i + 1 != *line as usize).collect();
        let text_of = |kept: &[usize]| -> String {
            let keep = |i: usize| i + 1 == *line as usize || kept.binary_search(&i).is_ok();
            lines.iter().enumerate().map(|(i, l)| if keep(i) { format!("{l}\n") } else { "\n".to_owned() }).collect()
        };
        // Halving chunks: most findings need a few lines (the flagged one, its function, an
        // import), so whole halves of the file go at once.
        let mut chunk = kept.len().max(1);
        loop {
            let mut start = 0;
            while start < kept.len() {
                let end = (start + chunk).min(kept.len());
                let trial: Vec<usize> = kept[..start].iter().chain(&kept[end..]).copied().collect();
                if self.run(path, &text_of(&trial), kind, false).contains(site) {
                    kept = trial;
                } else {
                    start = end;
                }
            }
            if chunk == 1 {
                return text_of(&kept);
            }
            chunk /= 2;
        }
    }
}
