//! How the kiosk runs other programs (the speech engine, and whatever else is handed a
//! [`Processes`]). A child program must never freeze the kiosk, outlive it, or pile up as
//! zombies, whatever it does:
//!
//! - Each child starts in a process group of its own, so ending it reaches everything it
//!   started too (a shell pipeline's sound player, a `sleep` under `sh -c`).
//! - Ending is SIGTERM to the group, then SIGKILL to the group after a short grace, then
//!   waiting for the leader. Only the signal is sent on the caller's thread; the grace and
//!   the waiting happen on a reaper thread, so the UI thread never waits for a child.
//! - The reaper also waits for children that exit by themselves, so none stays a zombie
//!   because nobody asked how it went.
//! - [`Processes::end_all`] ends every child still running, for the kiosk's exit, its
//!   SIGTERM handler and its panic hook.
//! - Programs are looked up on a PATH the handle holds, so tests can hide the machine's
//!   programs or put fakes in their place.
//!
//! A group is only ever signalled while its leader has not been waited for. Until then the
//! leader's process id (which is the group's id) cannot be handed to another process, so a
//! signal never reaches a stranger that happens to get the same number later.

use std::ffi::OsString;
use std::fmt;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

/// How long a child has after SIGTERM to end cleanly (a sound player closing its device)
/// before SIGKILL.
pub const GRACE: Duration = Duration::from_millis(300);

/// How often the reaper looks at its children: often enough that a finished child is not
/// a zombie for long and a SIGKILL comes close to its grace, rarely enough to cost nothing.
const TICK: Duration = Duration::from_millis(25);

/// How long [`Processes::end_all`] waits, after SIGKILL, for leaders that are still there
/// (a process stuck in the kernel, on a device, ignores even SIGKILL until it returns). The
/// kiosk's exit is not held up for longer than this.
const LINGER: Duration = Duration::from_secs(2);

/// How long [`Processes::end_all`] tries for a lock before it gives up on a group: it may run
/// in a panic hook, on a thread that already holds the lock.
const LOCK_PATIENCE: Duration = Duration::from_millis(500);

/// How the kiosk runs child programs: where it looks for them, and the process groups it
/// started that have not yet been waited for. Cheap to clone; clones share both.
#[derive(Clone, Default)]
pub struct Processes {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Where programs are looked up; `None` is the kiosk's own `PATH`.
    path: Option<OsString>,
    shared: Arc<Shared>,
}

/// What the reaper thread shares with the handles (it holds this, not [`Inner`], so it
/// never keeps a dropped [`Processes`] alive longer than its children).
#[derive(Default)]
struct Shared {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Groups whose leader has not been waited for yet.
    groups: Vec<Arc<Slot>>,
    /// A reaper thread is watching `groups`; it stops when there is nothing left to watch.
    reaper: bool,
}

/// One process group, shared by its [`Group`] handle and the reaper.
struct Slot {
    pgid: Pid,
    leader: Mutex<Leader>,
}

struct Leader {
    child: Child,
    /// Set once the leader has been waited for: from then on the group is never signalled.
    exit: Option<Result<ExitStatus, String>>,
    ending: Ending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Running for as long as it likes.
    No,
    /// SIGTERM sent; SIGKILL follows at `kill_at`, or as soon as the leader is gone.
    Term { kill_at: Instant },
    /// SIGKILL sent; only the waiting is left.
    Killed,
}

impl Processes {
    /// Programs are looked up on `path` (and children get it as their `PATH`); `None`
    /// keeps the kiosk's own `PATH`.
    pub fn new(path: Option<OsString>) -> Self {
        Self {
            inner: Arc::new(Inner {
                path,
                shared: Arc::default(),
            }),
        }
    }

    /// Where `program` would be run from: itself when it names a path, else the first
    /// executable file of that name on this handle's PATH.
    pub fn find(&self, program: &str) -> Option<PathBuf> {
        use std::os::unix::fs::PermissionsExt;
        let runnable = |p: &Path| {
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        };
        if program.is_empty() {
            return None;
        }
        if program.contains('/') {
            let p = Path::new(program);
            return runnable(p).then(|| p.to_owned());
        }
        let path = match &self.inner.path {
            Some(path) => path.clone(),
            None => std::env::var_os("PATH")?,
        };
        std::env::split_paths(&path)
            .map(|dir| dir.join(program))
            .find(|p| runnable(p))
    }

    /// A command for `program`, found on this handle's PATH (its child gets that PATH
    /// too, so whatever it runs in turn is looked up there as well).
    pub fn command(&self, program: &str) -> Command {
        let Some(path) = &self.inner.path else {
            return Command::new(program);
        };
        let mut cmd = match self.find(program) {
            Some(found) => {
                let mut cmd = Command::new(found);
                // The program sees the name it was asked for, as from a shell.
                cmd.arg0(program);
                cmd
            }
            // Not on this PATH: the standard library looks it up on the child's PATH, where
            // it is not either, and the spawn fails as "not found".
            None => Command::new(program),
        };
        cmd.env("PATH", path);
        cmd
    }

    /// Start `cmd` in a new process group of its own, watched until its leader has been
    /// waited for. Its standard streams are whatever `cmd` set; piped ones are in the
    /// returned [`Group`].
    pub fn spawn_group(&self, mut cmd: Command) -> io::Result<Group> {
        let mut child = cmd.process_group(0).spawn()?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let slot = Arc::new(Slot {
            pgid: Pid::from_child(&child),
            leader: Mutex::new(Leader {
                child,
                exit: None,
                ending: Ending::No,
            }),
        });
        let shared = &self.inner.shared;
        let mut state = lock(&shared.state);
        state.groups.push(Arc::clone(&slot));
        if !state.reaper {
            let watched = Arc::clone(shared);
            match std::thread::Builder::new()
                .name("reaper".into())
                .spawn(move || reap(&watched))
            {
                Ok(_) => state.reaper = true,
                Err(e) => {
                    // Nobody would wait for it: better not to run it at all.
                    state.groups.retain(|s| !Arc::ptr_eq(s, &slot));
                    drop(state);
                    let mut leader = lock(&slot.leader);
                    let _ = rustix::process::kill_process_group(slot.pgid, Signal::KILL);
                    let _ = leader.child.wait();
                    return Err(e);
                }
            }
        }
        Ok(Group {
            slot,
            stdin,
            stdout,
            stderr,
        })
    }

    /// End every group still running: SIGTERM to all, SIGKILL to those left after
    /// `grace`, and wait for their leaders. Blocks (for `grace` at most when every child
    /// goes, for a couple of seconds more when one cannot die); for the kiosk's exit, its
    /// SIGTERM handler and its panic hook, so it never panics and tolerates poisoned locks.
    pub fn end_all(&self, grace: Duration) {
        let start = Instant::now();
        let kill_at = start + grace;
        let Some(state) = lock_patiently(&self.inner.shared.state) else {
            log::error!("ending child programs: their list is locked; they may outlive the kiosk");
            return;
        };
        let slots = state.groups.clone();
        drop(state);
        for slot in &slots {
            if let Some(mut leader) = lock_patiently(&slot.leader) {
                leader.begin_end(slot.pgid, kill_at);
            }
        }
        let give_up = kill_at + LINGER;
        loop {
            let now = Instant::now();
            let mut left = 0;
            for slot in &slots {
                let done = lock_patiently(&slot.leader)
                    .is_some_and(|mut leader| leader.poll(slot.pgid, now));
                if !done {
                    left += 1;
                }
            }
            if left == 0 {
                break;
            }
            if now >= give_up {
                log::error!("ending child programs: {left} did not end after SIGKILL");
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        if let Some(mut state) = lock_patiently(&self.inner.shared.state) {
            state.groups.retain(|slot| {
                lock_patiently(&slot.leader).is_none_or(|leader| leader.exit.is_none())
            });
        }
        log::debug!(
            "ended {} child program(s) in {} ms",
            slots.len(),
            start.elapsed().as_millis()
        );
    }

    /// How many groups have a leader that has not been waited for yet.
    pub fn live(&self) -> usize {
        let state = lock(&self.inner.shared.state);
        state
            .groups
            .iter()
            .filter(|slot| lock(&slot.leader).exit.is_none())
            .count()
    }
}

impl fmt::Debug for Processes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Processes")
            .field("path", &self.inner.path)
            .field("live", &self.live())
            .finish()
    }
}

/// The reaper thread: ends and waits for the groups handed to it, until none is left.
fn reap(shared: &Shared) {
    loop {
        let slots = {
            let mut state = lock(&shared.state);
            state
                .groups
                .retain(|slot| lock(&slot.leader).exit.is_none());
            if state.groups.is_empty() {
                state.reaper = false;
                return;
            }
            state.groups.clone()
        };
        let now = Instant::now();
        for slot in &slots {
            lock(&slot.leader).poll(slot.pgid, now);
        }
        drop(slots);
        std::thread::sleep(TICK);
    }
}

impl Leader {
    /// SIGTERM to the whole group, unless it is already ending or its leader waited for;
    /// an ending group's SIGKILL is only ever brought forward, to `kill_at`.
    fn begin_end(&mut self, pgid: Pid, kill_at: Instant) {
        if self.exit.is_some() {
            return;
        }
        match self.ending {
            Ending::No => {
                // Cannot miss while the leader is not waited for (its zombie is in the group),
                // and there is nothing to do if it did.
                let _ = rustix::process::kill_process_group(pgid, Signal::TERM);
                // A paused group (SIGSTOP) acts on its SIGTERM only once it runs again.
                let _ = rustix::process::kill_process_group(pgid, Signal::CONT);
                self.ending = Ending::Term { kill_at };
            }
            Ending::Term { kill_at: at } if kill_at < at => self.ending = Ending::Term { kill_at },
            Ending::Term { .. } | Ending::Killed => {}
        }
    }

    /// One look: escalate if due, wait for the leader if it is done. True once the leader
    /// has been waited for.
    fn poll(&mut self, pgid: Pid, now: Instant) -> bool {
        if self.exit.is_some() {
            return true;
        }
        if let Ending::Term { kill_at } = self.ending {
            // Whether the leader has ended, without waiting for it: its zombie keeps the
            // group's id ours while the rest of the group is killed.
            let gone = match rustix::process::waitid(
                WaitId::Pid(pgid),
                WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT,
            ) {
                Ok(status) => status.is_some(),
                Err(e) if e == rustix::io::Errno::CHILD => {
                    // Not our child any more (someone else waited for it): hands off.
                    self.exit = Some(Err(e.to_string()));
                    return true;
                }
                // Say, interrupted: look again at the next tick.
                Err(_) => false,
            };
            if !gone && now < kill_at {
                return false;
            }
            // The leader gone means the utterance is over: anything left in its group (a
            // player that ignored SIGTERM) would be an orphan.
            let _ = rustix::process::kill_process_group(pgid, Signal::KILL);
            self.ending = Ending::Killed;
        }
        match self.child.try_wait() {
            Ok(None) => false,
            Ok(Some(status)) => {
                self.exit = Some(Ok(status));
                true
            }
            Err(e) => {
                self.exit = Some(Err(e.to_string()));
                true
            }
        }
    }
}

/// A running child program in a process group of its own, started by
/// [`Processes::spawn_group`]. Dropping it ends the group (see [`Group::end`]).
pub struct Group {
    slot: Arc<Slot>,
    /// The child's piped standard streams, for the caller to take.
    pub stdin: Option<ChildStdin>,
    pub stdout: Option<ChildStdout>,
    pub stderr: Option<ChildStderr>,
}

impl Group {
    /// The leader's process id, which is also the group's id.
    pub fn id(&self) -> u32 {
        self.slot.pgid.as_raw_pid().unsigned_abs()
    }

    /// How the leader ended, if it has; never waits. `Ok(None)` while it runs, and while an
    /// ending group is still being escalated and waited for.
    pub fn status(&self) -> io::Result<Option<ExitStatus>> {
        let mut leader = lock(&self.slot.leader);
        if leader.exit.is_none() && leader.ending == Ending::No {
            leader.poll(self.slot.pgid, Instant::now());
        }
        match &leader.exit {
            None => Ok(None),
            Some(Ok(status)) => Ok(Some(*status)),
            Some(Err(e)) => Err(io::Error::other(e.clone())),
        }
    }

    /// Whether the group was ended (by [`Group::end`] or [`Processes::end_all`]) rather than
    /// left to finish: a leader killed that way did not fail by itself.
    pub fn was_ended(&self) -> bool {
        lock(&self.slot.leader).ending != Ending::No
    }

    /// Pause the whole group (SIGSTOP), or let it go on (SIGCONT): a paused speech engine
    /// stops where it is and later carries on from there. Nothing happens to a group that
    /// is ending or ended.
    pub fn pause(&self, paused: bool) {
        let leader = lock(&self.slot.leader);
        if leader.exit.is_some() || leader.ending != Ending::No {
            return;
        }
        let signal = if paused { Signal::STOP } else { Signal::CONT };
        if let Err(e) = rustix::process::kill_process_group(self.slot.pgid, signal) {
            log::debug!("pausing a child program: {e}");
        }
    }

    /// End the whole group: SIGTERM now, SIGKILL after [`GRACE`] if its leader is still
    /// there, and wait for the leader; only the SIGTERM happens here, the reaper does the
    /// rest. Does nothing to a group that is already ending or ended.
    pub fn end(&self) {
        lock(&self.slot.leader).begin_end(self.slot.pgid, Instant::now() + GRACE);
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.end();
    }
}

impl fmt::Debug for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Group").field("id", &self.id()).finish()
    }
}

/// A lock that a panic elsewhere did not make unusable: the data behind these locks stays
/// consistent at every step, so a poisoned one is safe to go on with.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// [`lock`], giving up after [`LOCK_PATIENCE`] rather than waiting for ever (a panic hook
/// may run on the thread that holds it).
fn lock_patiently<T>(m: &Mutex<T>) -> Option<MutexGuard<'_, T>> {
    let until = Instant::now() + LOCK_PATIENCE;
    loop {
        match m.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(TryLockError::WouldBlock) if Instant::now() < until => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(TryLockError::WouldBlock) => return None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::process::Stdio;

    /// Whether any process of group `pgid` is still running (zombies do not count: they
    /// are dead, and whether init has waited for a grandchild yet is not ours to test).
    pub(crate) fn group_alive(pgid: u32) -> bool {
        let Ok(procs) = std::fs::read_dir("/proc") else {
            return false;
        };
        procs.filter_map(Result::ok).any(|entry| {
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                return false;
            };
            let Some((_, rest)) = stat.rsplit_once(')') else {
                return false;
            };
            // After the command: state, ppid, pgrp.
            let fields: Vec<&str> = rest.split_whitespace().take(3).collect();
            fields.len() == 3 && fields[0] != "Z" && fields[2].parse() == Ok(pgid)
        })
    }

    /// Whether `pid` is a zombie child of this test process.
    pub(crate) fn our_zombie(pid: u32) -> bool {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            return false;
        };
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            return false;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next();
        let ppid = fields.next().and_then(|p| p.parse::<u32>().ok());
        state == Some("Z") && ppid == Some(std::process::id())
    }

    /// Waits up to `limit` for `done`; true if it came.
    pub(crate) fn within(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
        let until = Instant::now() + limit;
        loop {
            if done() {
                return true;
            }
            if Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn sh(processes: &Processes, script: &str) -> Command {
        let mut cmd = processes.command("sh");
        cmd.args(["-c", script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }

    /// The process ids of `pid`'s children, from /proc.
    fn children(pid: u32) -> Vec<u32> {
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).unwrap();
        tasks
            .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("children")).ok())
            .flat_map(|c| {
                c.split_whitespace()
                    .filter_map(|p| p.parse().ok())
                    .collect::<Vec<u32>>()
            })
            .collect()
    }

    #[test]
    fn end_all_ends_a_running_group_and_its_grandchildren() {
        let processes = Processes::default();
        // The shell's `sleep` is a grandchild of the test; `wait` keeps the shell there.
        let group = processes
            .spawn_group(sh(&processes, "sleep 30 & sleep 30 & wait"))
            .unwrap();
        let pgid = group.id();
        assert!(within(Duration::from_secs(2), || children(pgid).len() == 2));
        let start = Instant::now();
        processes.end_all(GRACE);
        assert!(start.elapsed() < GRACE + Duration::from_secs(1));
        assert!(!group_alive(pgid), "the group is still there after end_all");
        assert!(!our_zombie(pgid));
        assert!(group.status().unwrap().is_some());
        assert_eq!(processes.live(), 0);
    }

    #[test]
    fn a_group_that_ignores_sigterm_is_killed_after_the_grace() {
        let processes = Processes::default();
        let group = processes
            .spawn_group(sh(&processes, "trap '' TERM; while :; do sleep 0.1; done"))
            .unwrap();
        let pgid = group.id();
        // Its first `sleep` means the shell has set its trap.
        assert!(within(Duration::from_secs(2), || !children(pgid).is_empty()));
        let start = Instant::now();
        drop(group);
        assert!(start.elapsed() < Duration::from_millis(50), "ending waited");
        std::thread::sleep(GRACE / 2);
        assert!(group_alive(pgid), "killed before its grace");
        assert!(within(Duration::from_secs(2), || !group_alive(pgid)));
        assert!(within(Duration::from_secs(1), || processes.live() == 0));
    }

    #[test]
    fn a_child_that_exits_by_itself_is_waited_for_without_being_asked() {
        let processes = Processes::default();
        let group = processes.spawn_group(sh(&processes, "exit 3")).unwrap();
        let pid = group.id();
        // Nobody looks at `group`: the reaper waits for the child anyway.
        assert!(within(Duration::from_secs(2), || processes.live() == 0));
        assert!(!our_zombie(pid));
        assert_eq!(group.status().unwrap().and_then(|s| s.code()), Some(3));
    }

    #[test]
    fn programs_are_found_on_the_handles_path_only() {
        let empty = tempfile::tempdir().unwrap();
        let nowhere = Processes::new(Some(empty.path().as_os_str().to_owned()));
        assert_eq!(nowhere.find("sh"), None);
        let err = nowhere.spawn_group(nowhere.command("sh")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);

        let fakes = tempfile::tempdir().unwrap();
        let fake = fakes.path().join("engine");
        std::fs::write(&fake, "#!/bin/sh\nexit 7\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let here = Processes::new(Some(fakes.path().as_os_str().to_owned()));
        assert_eq!(here.find("engine"), Some(fake));
        let group = here.spawn_group(here.command("engine")).unwrap();
        assert!(within(Duration::from_secs(2), || group
            .status()
            .unwrap()
            .is_some()));
        assert_eq!(group.status().unwrap().and_then(|s| s.code()), Some(7));
    }
}
