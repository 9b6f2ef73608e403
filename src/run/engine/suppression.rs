//! Applies inline suppressions to a run's findings, after the repository-wide pass (so that
//! repository-wide findings can be suppressed too), and hands each suppression to the rules
//! about suppressions (`suppression-without-reason`, `unused-suppression`).

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Settings;
use crate::finding::Finding;
use crate::input::suppress::Suppression;
use crate::rules::{MetaRule, Registry, SuppressionWithoutReason, UnusedSuppression, UsedRules};

/// A finding an inline suppression hid, with its reason.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: Option<String>,
}

/// Splits `findings` into those that stay and those suppressed, and returns the findings about
/// the suppressions themselves. `unreported` are sites that would be findings if their
/// concern had an owner: a suppression that covers one is in use, not unused.
pub fn apply(
    findings: Vec<Finding>,
    unreported: &[Finding],
    suppressions: &HashMap<Arc<str>, Vec<Suppression>>,
    settings: &Settings,
    registry: &Registry,
) -> (Vec<Finding>, Vec<Suppressed>, Vec<Finding>) {
    let mut used: HashMap<(Arc<str>, usize, usize), bool> = HashMap::new();
    for finding in unreported {
        let file = suppressions.get(&finding.path).map(Vec::as_slice).unwrap_or_default();
        let line = finding.location.start.line;
        if let Some((index, suppression)) = file.iter().enumerate().find(|(_, s)| s.covers(&finding.rule, line)) {
            let rule = suppression.rules.iter().position(|(id, _)| *id == finding.rule).expect("covers");
            used.insert((finding.path.clone(), index, rule), true);
        }
    }
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for finding in findings {
        let file = suppressions.get(&finding.path).map(Vec::as_slice).unwrap_or_default();
        let line = finding.location.start.line;
        let hit = file.iter().enumerate().find(|(_, s)| s.covers(&finding.rule, line));
        match hit {
            Some((index, suppression)) => {
                let rule = suppression.rules.iter().position(|(id, _)| *id == finding.rule).expect("covers");
                used.insert((finding.path.clone(), index, rule), true);
                suppressed.push(Suppressed { finding, reason: suppression.reason.clone() });
            }
            None => kept.push(finding),
        }
    }
    let mut meta = Vec::new();
    for (path, file) in suppressions {
        for (index, suppression) in file.iter().enumerate() {
            meta.extend(SuppressionWithoutReason.findings(settings, suppression));
            let used = |rule: usize| used.contains_key(&(path.clone(), index, rule));
            let input = UsedRules { suppression, used: &used, registry };
            meta.extend(UnusedSuppression.findings(settings, input));
        }
    }
    (kept, suppressed, meta)
}
