//! Applies inline suppressions to a run's findings, after the repository-wide pass (so that
//! repository-wide findings can be suppressed too), and reports suppressions without a
//! reason and suppressions that suppressed nothing.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Settings;
use crate::finding::{Finding, Site};
use crate::rules::{SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION};
use crate::suppress::Suppression;
use crate::words::did_you_mean;

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
            report_suppression(path, index, suppression, &used, settings, &mut meta);
        }
    }
    (kept, suppressed, meta)
}

fn report_suppression(
    path: &Arc<str>,
    index: usize,
    suppression: &Suppression,
    used: &HashMap<(Arc<str>, usize, usize), bool>,
    settings: &Settings,
    meta: &mut Vec<Finding>,
) {
    let mut report = |id: &str, site: &Site, message: String, help: &str| {
        if settings.rule_applies(id, path) {
            let mut finding = Finding::at(id.to_owned().into(), settings.severity_of(id), site, message);
            finding.help = Some(help.to_owned());
            meta.push(finding);
        }
    };
    if suppression.malformed {
        let help = "write `ssotlint: allow(rule-id) -- reason` or `ssotlint: allow-file(rule-id) -- reason`";
        report(UNUSED_SUPPRESSION, &suppression.site, "this `ssotlint:` comment cannot be read".into(), help);
        return;
    }
    if suppression.reason.is_none() {
        let ids: Vec<String> = suppression.rules.iter().map(|(id, _)| format!("`{id}`")).collect();
        let message = format!("suppression of {} has no reason", ids.join(", "));
        report(SUPPRESSION_WITHOUT_REASON, &suppression.site, message, "say why after `--`: `-- the reason`");
    }
    for (rule_index, (id, site)) in suppression.rules.iter().enumerate() {
        if settings.registry.get(id).is_none() {
            // The suggestion goes in the message: concise and GitHub output show no help.
            let message = match did_you_mean(id, settings.registry.ids()) {
                Some(close) => format!("`{id}` is not a rule; did you mean `{close}`?"),
                None => format!("`{id}` is not a rule"),
            };
            report(UNUSED_SUPPRESSION, site, message, "`ssotlint rules` lists every rule");
        } else if settings.rule_applies(id, path) && !used.contains_key(&(path.clone(), index, rule_index)) {
            let message = format!("`{id}` is allowed here but there is nothing to suppress");
            report(UNUSED_SUPPRESSION, site, message, "remove the suppression");
        }
    }
}
