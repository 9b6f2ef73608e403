//! The workspace the server keeps in memory: the projects under the editor's folders
//! (planned as `check` plans them, one per configuration), each resident with every
//! file's results and its last assembled outcome. Open buffers override the disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Overrides, UserError};
use crate::input::discovery::{is_excluded, relative};
use crate::input::projects::{Input, Walk, plan};
use crate::run::engine::Outcome;
use crate::run::engine::resident::Resident;
use crate::support::source::Lang;

pub struct Workspace {
    projects: Vec<Project>,
}

/// One project: its files in memory and what they give together.
pub struct Project {
    pub resident: Resident,
    pub outcome: Outcome,
}

impl Project {
    pub fn root(&self) -> &Path {
        &self.resident.settings().root
    }

    /// `path` relative to the root, when the project checks it.
    pub fn rel_of(&self, path: &Path) -> Option<String> {
        let rel = relative(path, self.root())?;
        let settings = self.resident.settings();
        let checked = self.resident.contains(&rel)
            || (Lang::from_path(path).is_some() && settings.include.is_match(&rel) && !is_excluded(&rel, settings));
        checked.then_some(rel)
    }

    /// A planned project, scanned; its outcome is assembled at the first refresh.
    fn scan(planned: crate::input::projects::Project) -> Self {
        let resident = Resident::scan(planned.settings, planned.jobs, planned.errors, None);
        Self { resident, outcome: Outcome::default() }
    }

    fn refresh(&mut self) {
        self.outcome = self.resident.outcome();
    }
}

impl Workspace {
    /// Plans and scans every folder; open buffers (absolute path → text) replace the disk.
    pub fn load(folders: &[PathBuf], open: &HashMap<PathBuf, Arc<str>>) -> Result<Self, UserError> {
        let inputs: Vec<Input> = folders.iter().cloned().map(Input::Path).collect();
        let planned = plan(&inputs, &Overrides::default(), Walk::default())?;
        let mut workspace = Self { projects: planned.into_iter().map(Project::scan).collect() };
        for (path, text) in open {
            workspace.set_text(path, Some(text.clone()));
        }
        for project in &mut workspace.projects {
            project.refresh();
        }
        Ok(workspace)
    }

    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// The project that checks `path`, and the path relative to its root: the deepest root
    /// above it.
    pub fn locate(&self, path: &Path) -> Option<(usize, String)> {
        self.projects
            .iter()
            .enumerate()
            .filter_map(|(at, project)| project.rel_of(path).map(|rel| (at, rel, project.root().components().count())))
            .max_by_key(|(_, _, depth)| *depth)
            .map(|(at, rel, _)| (at, rel))
    }

    /// Re-checks one file with `text`, or from the disk with `None` (closed, or changed on
    /// the disk); a file that is gone leaves its project. Returns the project it belongs to,
    /// whose outcome is not assembled again until [`Workspace::refresh`].
    pub fn set_text(&mut self, path: &Path, text: Option<Arc<str>>) -> Option<usize> {
        let (at, rel) = match self.locate(path) {
            Some(found) => found,
            None => self.adopt(path, text.clone())?,
        };
        let resident = &mut self.projects[at].resident;
        if text.is_none() && !path.exists() {
            resident.remove(&rel);
        } else {
            resident.update(&rel, path.to_path_buf(), text);
        }
        Some(at)
    }

    /// Finds the project of a file no project has (the first file of a folder, a file
    /// outside the workspace folders), as `check` would for that file, and scans it.
    fn adopt(&mut self, path: &Path, text: Option<Arc<str>>) -> Option<(usize, String)> {
        Lang::from_path(path)?;
        let text = match text {
            Some(text) => text,
            None => std::fs::read_to_string(path).ok()?.into(),
        };
        let input = Input::Stdin { name: path.to_path_buf(), text };
        let planned = plan(&[input], &Overrides::default(), Walk::default()).ok()?;
        for project in planned {
            if !self.projects.iter().any(|known| known.root() == project.settings.root) {
                self.projects.push(Project::scan(project));
            }
        }
        self.locate(path)
    }

    /// Runs the repository-wide pass of a project again over its kept results.
    pub fn refresh(&mut self, project: usize) {
        self.projects[project].refresh();
    }
}
