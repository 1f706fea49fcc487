//! Carrying out the reducer's [`Effect`]s: speech at once (it only starts a child
//! process), everything that can block on a background job.

use std::sync::{Arc, Mutex};

use egui::ViewportCommand;

use super::KioskApp;
use crate::config::Settings;
use crate::content::{ContentSource, Library};
use crate::handout;
use crate::machine::Printer;
use crate::model::{Action, Effect, PrintOrder, PrintOutcome};
use crate::storage::Usage;
use crate::system::print;

/// One usage save at a time in this process (the file lock orders them across kiosks).
/// Each save adds only what was counted since the one before, so every one is applied.
#[derive(Debug, Default)]
pub(super) struct UsageWrites {
    one_at_a_time: Arc<Mutex<()>>,
}

/// The live pack (`current.toml`) when it is newer than `shown`, loaded for the next
/// patient; a pack that does not load is left to the kiosk's start (which rolls back).
fn installed_elsewhere(
    dir: &std::path::Path,
    shown: Option<u64>,
) -> Option<crate::model::PendingPack> {
    let (installed, content) = crate::packs::current(dir)?;
    if shown.is_some_and(|s| installed.seq <= s) {
        return None;
    }
    match crate::packs::load_dir(&content) {
        Ok(library) => {
            log::info!(
                "content pack {} was installed by another update; shown from the next patient on",
                installed.seq
            );
            Some(crate::model::PendingPack {
                dir: content,
                installed,
                library: Arc::new(library),
            })
        }
        Err(e) => {
            log::warn!("content pack {}: {e}", installed.seq);
            None
        }
    }
}

impl KioskApp {
    /// Hand one utterance to the engine, written for the ear on the way ("911" as "9 1 1").
    pub(super) fn speak(
        &mut self,
        ctx: &egui::Context,
        lang: &str,
        text: &str,
        voice: crate::system::speech::Voice,
    ) {
        self.view.speech.spoke = true;
        let said = crate::system::ear::for_the_ear(lang, text);
        if let Err(e) = self.speaker.speak(lang, &said, voice) {
            self.dispatch(ctx, Action::SpeechFailed(e.to_string()));
        }
        self.view.speaking = self.speaker.is_speaking();
    }

    pub(super) fn run_effect(&mut self, ctx: &egui::Context, effect: Effect) {
        match effect {
            Effect::SaveUsage(usage) => self.save_usage(usage),
            Effect::VerifyPin { digits, hash } => {
                self.jobs.spawn(Box::new(move || {
                    Some(Action::PinChecked {
                        correct: hash.verify(&digits.0),
                    })
                }));
            }
            Effect::ReloadContent => {
                let source = self.state.source().clone();
                self.jobs.spawn(Box::new(move || {
                    Some(Action::ContentLoaded(reload(&source)))
                }));
            }
            Effect::Print(order) => {
                let library = self.state.library().clone();
                let source = self.state.source().clone();
                let settings = self.state.settings().clone();
                let printer = self.printer.clone();
                let kept = self.machine.folders.handouts(&settings.handout_dir);
                self.jobs.spawn(Box::new(move || {
                    let patient = order.patient;
                    let run = std::panic::AssertUnwindSafe(|| {
                        print_handout(&library, &source, &settings, order, printer.as_ref(), &kept)
                    });
                    // Whatever happens, the patient hears back.
                    let outcome = std::panic::catch_unwind(run).unwrap_or(PrintOutcome::Failed {
                        reason: "handout: the print job stopped unexpectedly".into(),
                    });
                    Some(Action::PrintFinished { patient, outcome })
                }));
            }
            Effect::Speak { lang, text, voice } => {
                self.view.speak_next.clear();
                self.speak(ctx, &lang, &text, voice);
            }
            Effect::SpeakNext { lang, text, voice } => {
                if self.view.speaking {
                    self.view.speak_next.push_back((lang, text, voice));
                } else {
                    self.speak(ctx, &lang, &text, voice);
                }
            }
            Effect::StopSpeech => {
                self.view.speak_next.clear();
                self.speaker.stop();
                self.view.speaking = false;
            }
            Effect::PauseSpeech(paused) => self.speaker.pause(paused),
            Effect::SavePinLock { file, lock } => {
                self.jobs.spawn(Box::new(move || {
                    crate::storage::pin_lock::save(&file, lock, std::time::SystemTime::now())
                        .err()
                        .map(|e| Action::PinLockSaveFailed(e.to_string()))
                }));
            }
            Effect::WriteMetrics { file, text, last } => {
                let write = move || {
                    // node exporter's folder is made by its package: a missing one is a
                    // wrong path or a missing exporter, said to staff, never made here.
                    if let Some(dir) = file.parent().filter(|d| !d.is_dir()) {
                        return Some(Action::MetricsSaveFailed(format!(
                            "metrics: could not write {}: the folder {} does not exist \
                             (is prometheus-node-exporter installed? see docs/deploy.md)",
                            file.display(),
                            dir.display()
                        )));
                    }
                    crate::storage::write_atomically(&file, text.as_bytes(), 0o644)
                        .err()
                        .map(|e| {
                            Action::MetricsSaveFailed(format!(
                                "metrics: could not write {}: {e}",
                                file.display()
                            ))
                        })
                };
                if last {
                    if let Some(Action::MetricsSaveFailed(m)) = write() {
                        log::warn!("{m}");
                    }
                } else {
                    self.jobs.spawn(Box::new(write));
                }
            }
            Effect::CheckForPack { dir, shown } => {
                let settings = self.state.settings().clone();
                self.jobs.spawn(Box::new(move || {
                    // The pack was loaded and checked while installing: no second load.
                    let new = match crate::packs::update(&settings, &dir) {
                        Ok(crate::packs::Outcome::Installed(installed, library)) => {
                            Some(crate::model::PendingPack {
                                dir: crate::packs::content_dir(&dir, installed.seq),
                                installed,
                                library,
                            })
                        }
                        // Another `update` (a cron job) may have installed a newer pack
                        // than the one shown: take it up from the next patient on.
                        Ok(crate::packs::Outcome::Current(_)) | Err(_) => {
                            installed_elsewhere(&dir, shown)
                        }
                    };
                    Some(Action::PackChecked {
                        last: crate::packs::read_last(&dir),
                        new,
                    })
                }));
            }
            Effect::PurgeHandouts => {
                let dir = self
                    .machine
                    .folders
                    .handouts(&self.state.settings().handout_dir);
                self.jobs.spawn(Box::new(move || {
                    let day = std::time::Duration::from_secs(24 * 60 * 60);
                    let removed = print::delete_older_than(&dir, day, std::time::SystemTime::now());
                    if removed > 0 {
                        log::info!("deleted {removed} handout(s) kept for staff over a day");
                    }
                    None
                }));
            }
            Effect::Quit => {
                // Nothing the kiosk started outlives it: speech in progress ends now.
                self.speaker.stop();
                self.machine
                    .processes
                    .end_all(crate::system::processes::GRACE);
                if !self.view.close_sent {
                    self.view.close_sent = true;
                    ctx.send_viewport_cmd(ViewportCommand::Close);
                }
            }
        }
    }

    fn save_usage(&mut self, mut usage: Usage) {
        let one_at_a_time = self.usage_writes.one_at_a_time.clone();
        let mut save = move || {
            let _turn = one_at_a_time.lock().ok()?;
            usage
                .save()
                .err()
                .map(|e| Action::UsageSaveFailed(e.to_string()))
        };
        if self.state.quitting() {
            // The kiosk is closing: a worker thread would be cut short by the exit.
            if let Some(Action::UsageSaveFailed(e)) = save() {
                log::warn!("{e}");
            }
        } else {
            self.jobs.spawn(Box::new(save));
        }
    }
}

fn reload(source: &Arc<dyn ContentSource>) -> Result<Arc<Library>, Vec<String>> {
    crate::content::load(source.as_ref())
        .map(Arc::new)
        .map_err(|errors| errors.0.iter().map(ToString::to_string).collect())
}

/// Make the PDF in memory and print it. Only when it did not print is it kept, for staff,
/// in the handout folder (mode 0600, deleted after a day).
fn print_handout(
    library: &Library,
    source: &Arc<dyn ContentSource>,
    settings: &Settings,
    order: PrintOrder,
    printer: &dyn Printer,
    kept: &std::path::Path,
) -> PrintOutcome {
    let req = handout::Request {
        lang: order.lang,
        topics: order.topics,
        questions: order.questions,
        paper: settings.paper,
        date: chrono::Local::now().date_naive(),
    };
    let result = (|| {
        let handout = handout::build(library, source.as_ref(), settings, &req)
            .map_err(|e| format!("handout: {e}"))?;
        let name = settings.printer.trim();
        printer
            .print(
                &handout.pdf,
                (!name.is_empty()).then_some(name),
                print::PRINT_WAIT,
            )
            .map_err(|e| {
                match print::save_for_staff(kept, &handout.pdf, std::time::SystemTime::now()) {
                    Ok(path) => format!("handout: {e}; the PDF is kept at {}", path.display()),
                    Err(save) => format!("handout: {e}; it could not be kept for staff: {save}"),
                }
            })
    })();
    match result {
        Ok(job) => PrintOutcome::Sent { job },
        Err(reason) => PrintOutcome::Failed { reason },
    }
}
