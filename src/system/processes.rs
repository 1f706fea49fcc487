//! PLACEHOLDER (replaced by the speech-adapter branch): how the kiosk runs child programs.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

/// How the kiosk runs child programs: where they are looked up.
#[derive(Debug, Clone, Default)]
pub struct Processes {
    path: Option<Arc<OsString>>,
}

impl Processes {
    pub fn new(path: Option<OsString>) -> Self {
        Self {
            path: path.map(Arc::new),
        }
    }

    pub fn command(&self, program: &str) -> Command {
        let resolved = self.find(program).unwrap_or_else(|| PathBuf::from(program));
        let mut cmd = Command::new(resolved);
        if let Some(p) = &self.path {
            cmd.env("PATH", p.as_os_str());
        }
        cmd
    }

    pub fn find(&self, program: &str) -> Option<PathBuf> {
        use std::os::unix::fs::PermissionsExt;
        let runnable = |p: &std::path::Path| {
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        };
        if program.contains('/') {
            let p = std::path::Path::new(program);
            return runnable(p).then(|| p.to_owned());
        }
        let path = match &self.path {
            Some(p) => p.as_ref().clone(),
            None => std::env::var_os("PATH")?,
        };
        std::env::split_paths(&path)
            .map(|dir| dir.join(program))
            .find(|p| runnable(p))
    }

    pub fn end_all(&self, _grace: Duration) {}
}
