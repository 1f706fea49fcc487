//! The reducer: [`AppState::apply`] is the only code that changes the state. It changes
//! nothing outside it; what must happen outside comes back as [`Effect`]s.

use std::sync::Arc;
use std::time::Duration;

use super::{
    Action, AppState, Effect, Notice, PrintOrder, PrintOutcome, PrintStatus, STAFF_HOLD, Screen,
    Secret, Warning,
};
use crate::content::{Block, Library};
use crate::i18n::Strings;
use crate::kiosk::{IdleEvent, PinCheck, PinOutcome};
use crate::storage::Usage;

impl AppState {
    /// Apply one action at time `now` and return what the app shell must do.
    pub fn apply(&mut self, action: Action, now: Duration) -> Vec<Effect> {
        let mut fx = Vec::new();
        if action.is_staff_only() && self.screen != Screen::StaffMenu {
            log::warn!("refused a staff action outside the staff menu");
            return fx;
        }
        let before = self.screen;
        let view_before = self.spoken_view();
        self.reduce(action, now, &mut fx);
        if self.screen != before {
            self.session.words_open = false;
            // Speech belongs to its page: a new page, a reset or Finish silences it.
            if !fx.contains(&Effect::StopSpeech) {
                fx.insert(0, Effect::StopSpeech);
            }
        }
        // Speech mode: a new screen, prompt or dialog starts at its top and says what it is;
        // closing "Need more time?" goes back to where the patient was.
        if self.session.speech.is_some() && self.spoken_view() != view_before {
            let prompt = self.idle.prompt_shown();
            let back_from_prompt = view_before.2
                && !prompt
                && (view_before.0, view_before.1) == (self.resets, self.screen);
            let mut resume = None;
            if let Some(speech) = &mut self.session.speech {
                if prompt && !view_before.2 {
                    speech.before_prompt = Some((speech.focus, speech.last.clone()));
                }
                let kept = if back_from_prompt {
                    speech.before_prompt.take()
                } else {
                    None
                };
                speech.focus = kept.as_ref().and_then(|(focus, _)| *focus);
                resume = kept.map(|(_, said)| said).filter(|said| !said.is_empty());
            }
            if !fx.iter().any(|e| matches!(e, Effect::Speak { .. })) {
                let text = match resume {
                    Some(said) => said,
                    None => self.announcement(now),
                };
                self.say(text, &mut fx);
            }
        }
        fx
    }

    /// What speech mode announces when it changes: the patient, the screen and what is open
    /// over it.
    fn spoken_view(&self) -> (u64, Screen, bool, bool, Option<Notice>) {
        (
            self.resets,
            self.screen,
            self.idle.prompt_shown(),
            self.session.words_open,
            self.notice,
        )
    }

    /// Speak `text` in the patient's language and voice (speech mode), remembering it for
    /// Repeat. Never speaks with speech mode off.
    fn say(&mut self, text: String, fx: &mut Vec<Effect>) {
        // Language help's notices are said in their own language (a tag in the text).
        let (tagged, said) = crate::language_help::untag(&text);
        let lang = tagged.map_or_else(|| self.session.lang.clone(), str::to_owned);
        if let Some(speech) = &mut self.session.speech {
            speech.last.clone_from(&text);
            let text = said;
            // Something new to hear ends a pause (the new utterance replaces the paused one).
            speech.paused = false;
            fx.push(Effect::Speak {
                lang,
                text,
                voice: speech.voice,
            });
        }
    }

    /// After [`Self::say`]: how to switch to each other language the kiosk offers, in that
    /// language's own words and voice ("Para español, ...").
    fn say_switch_hints(&self, fx: &mut Vec<Effect>) {
        let Some(speech) = &self.session.speech else {
            return;
        };
        for lang in self.languages() {
            if lang == self.session.lang || !self.loaded.library.offers(&lang) {
                continue;
            }
            let text = Strings::get(&lang).speech.switch_hint.clone();
            fx.push(Effect::SpeakNext {
                lang,
                text,
                voice: speech.voice,
            });
        }
    }

    /// One sentence for where the patient is now.
    fn announcement(&mut self, now: Duration) -> String {
        let s = Strings::get(&self.session.lang);
        let lang = self.session.lang.clone();
        if self.idle.prompt_shown() {
            let left = self.idle.seconds_left(now);
            if let Some(speech) = &mut self.session.speech {
                speech.idle_said = Some(left.div_ceil(10));
            }
            return format!(
                "{} {} {}. {}",
                s.need_more_time,
                s.idle_explain,
                s.starting_over_in(left),
                s.speech.keep_reading_hint
            );
        }
        if let Some(notice) = self.notice {
            return match notice {
                Notice::SpeechUnavailable => s.speech_unavailable.clone(),
            };
        }
        if self.session.words_open {
            return format!("{}. {}", s.words_to_know, s.speech.down_hint);
        }
        match self.screen {
            Screen::Welcome => format!(
                "{}. {}. {}",
                self.loaded.settings.clinic_name_in(&lang),
                s.learn_about,
                s.speech.welcome_hint
            ),
            Screen::Home => format!(
                "{}. {}",
                s.topics_heading,
                s.speech_topics(self.content().topics.len())
            ),
            Screen::Reader { topic, page } => {
                let fill = self.loaded.settings.placeholders(&lang, &s.no_phone);
                let (title, pages) = self
                    .content()
                    .topics
                    .get(topic)
                    .map_or((String::new(), 0), |t| (fill.fill(&t.title), t.pages.len()));
                format!("{title}. {}.", s.page_of(page + 1, pages))
            }
            Screen::MyQuestions => format!("{}. {}", s.my_questions, s.speech.down_hint),
            Screen::Handout => format!("{}. {}", s.handout_title, s.speech.down_hint),
            Screen::Printing => match self.session.print {
                PrintStatus::Printed => s.printed.clone(),
                PrintStatus::Failed => s.print_failed.clone(),
                _ => s.printing.clone(),
            },
            Screen::StaffPin => s.enter_pin.clone(),
            Screen::StaffMenu => format!("{}. {}", s.staff_menu, s.speech.down_hint),
            Screen::LanguageHelp => format!("{}. {}", s.language_help, s.speech.down_hint),
            Screen::InterpreterCard(i) => {
                let english = self.language_help.get(i).map(|l| l.card_english());
                format!("{}. {}", s.interpreter_card, english.unwrap_or_default())
            }
        }
    }

    fn speech_action(&mut self, action: Action, now: Duration, fx: &mut Vec<Effect>) {
        let s = Strings::get(&self.session.lang);
        match action {
            Action::SpeechOn if self.session.speech.is_none() => {
                self.session.speech = Some(super::SpeechMode::default());
                let text = format!("{} {}", s.speech.on, self.announcement(now));
                self.say(text, fx);
                self.say_switch_hints(fx);
            }
            Action::ToggleSpeech => {
                if let Some(speech) = self.session.speech.take() {
                    // Said once more, so a patient who pressed it by mistake knows.
                    fx.push(Effect::StopSpeech);
                    fx.push(Effect::Speak {
                        lang: self.session.lang.clone(),
                        text: s.speech.off.clone(),
                        voice: speech.voice,
                    });
                } else {
                    self.speech_action(Action::SpeechOn, now, fx);
                }
            }
            Action::SpeechFocus { key, text } => {
                if let Some(speech) = &mut self.session.speech {
                    speech.focus = Some(key);
                    self.say(text, fx);
                }
            }
            Action::SpeechSay(text) => self.say(text, fx),
            Action::SpeechRepeat => {
                let last = self.session.speech.as_ref().map(|sp| sp.last.clone());
                match last {
                    Some(last) if !last.is_empty() => self.say(last, fx),
                    Some(_) => {
                        let text = self.announcement(now);
                        self.say(text, fx);
                    }
                    None => {}
                }
            }
            Action::SpeechPause => {
                if let Some(speech) = &mut self.session.speech {
                    speech.paused = !speech.paused;
                    fx.push(Effect::PauseSpeech(speech.paused));
                }
            }
            Action::SpeechHelp => {
                let text = format!("{} {}", self.announcement(now), s.speech.keys_help);
                self.say(text, fx);
            }
            Action::SpeechRate(up) | Action::SpeechVolume(up) => {
                let rate = matches!(action, Action::SpeechRate(_));
                let Some(speech) = &mut self.session.speech else {
                    return;
                };
                let next = if rate {
                    speech.voice.rate_step(up)
                } else {
                    speech.voice.volume_step(up)
                };
                let text = match (next, rate, up) {
                    (None, ..) => s.speech.limit.clone(),
                    (Some(_), true, true) => s.speech.faster.clone(),
                    (Some(_), true, false) => s.speech.slower.clone(),
                    (Some(_), false, true) => s.speech.louder.clone(),
                    (Some(_), false, false) => s.speech.quieter.clone(),
                };
                if let Some(voice) = next {
                    speech.voice = voice;
                }
                self.say(text, fx);
            }
            _ => {}
        }
    }

    fn reduce(&mut self, action: Action, now: Duration, fx: &mut Vec<Effect>) {
        match action {
            Action::Start => {
                if self.screen == Screen::Welcome {
                    self.session.tally.started = !self.session.walk_through;
                    self.record(Usage::session_started);
                    self.screen = Screen::Home;
                }
            }
            Action::GoHome => self.screen = Screen::Home,
            Action::OpenTopic(i) => self.open_topic(i),
            Action::NextPage => self.next_page(),
            Action::PrevPage => self.prev_page(),
            Action::Back => self.back(now, fx),
            Action::ToggleQuestion(id) => {
                if self.session.is_picked(&id) {
                    self.session.picked.retain(|p| p != &id);
                } else if self.loaded.library.question_ids().contains(&id.as_str()) {
                    self.session.picked.push(id);
                }
            }
            Action::RemoveQuestion(id) => self.session.picked.retain(|p| p != &id),
            Action::ToggleTick(list, item) => {
                // A self-check's tick adds its question to My questions; unticking removes it.
                let asks = self.self_check_question(&list, item);
                let key = (list, item);
                if self.session.ticks.remove(&key) {
                    if let Some(q) = asks {
                        self.session.picked.retain(|p| p != &q);
                    }
                } else if self.has_checklist_item(&key.0, key.1) {
                    self.session.ticks.insert(key);
                    if let Some(q) = asks
                        && !self.session.is_picked(&q)
                    {
                        self.session.picked.push(q);
                    }
                }
            }
            Action::NextCode => self.session.code_shown = self.session.code_shown.wrapping_add(1),
            Action::AnswerQuiz(id, choice) => {
                let quiz = self
                    .content()
                    .quizzes()
                    .find(|q| q.id == id && choice < q.choices.len())
                    .cloned();
                if let Some(quiz) = quiz {
                    self.session.answers.insert(id, choice);
                    // Speech mode hears the verdict at once, not only after two more Downs.
                    let s = Strings::get(&self.session.lang);
                    let fill = self
                        .loaded
                        .settings
                        .placeholders(&self.session.lang, &s.no_phone);
                    let verdict = if choice == quiz.answer {
                        &s.quiz_right
                    } else {
                        &s.quiz_wrong
                    };
                    let text = format!(
                        "{}, {}. {verdict} {}",
                        fill.fill(quiz.choices.get(choice).map_or("", String::as_str)),
                        s.speech.selected,
                        fill.fill(&quiz.explain)
                    );
                    self.say(text, fx);
                }
            }
            Action::OpenMyQuestions => {
                if self.screen != Screen::MyQuestions {
                    self.session.questions_return = Some(self.screen);
                    self.screen = Screen::MyQuestions;
                }
            }
            Action::PickQuestions => {
                if let Some(i) = self.questions_topic() {
                    self.open_topic(i);
                }
            }
            Action::SetLanguage(lang) => {
                if lang != self.session.lang
                    && self.loaded.library.offers(&lang)
                    && self.languages().contains(&lang)
                {
                    self.session.lang = lang;
                    // Speech mode: the new language's name and where the patient is, in
                    // the new language's voice.
                    if self.session.speech.is_some() {
                        let name = Strings::get(&self.session.lang).language_name.clone();
                        let text = format!("{name}. {}", self.announcement(now));
                        self.say(text, fx);
                    }
                }
            }
            Action::CycleTextSize => self.session.text_size = self.session.text_size.next(),
            Action::ToggleContrast => self.session.high_contrast = !self.session.high_contrast,
            Action::Finish => self.reset(now, fx),
            Action::KeepReading => self.idle.activity(now),
            Action::ReadAloud => self.read_aloud(fx),
            Action::SpeechOn
            | Action::ToggleSpeech
            | Action::SpeechFocus { .. }
            | Action::SpeechSay(_)
            | Action::SpeechRepeat
            | Action::SpeechHelp
            | Action::SpeechPause
            | Action::SpeechRate(_)
            | Action::SpeechVolume(_) => self.speech_action(action, now, fx),
            Action::StopReading => fx.push(Effect::StopSpeech),
            Action::ShowWords => self.session.words_open = !self.words_on_page().is_empty(),
            Action::CloseWords => self.session.words_open = false,
            Action::CloseNotice => self.notice = None,
            Action::OpenHandout => self.open_handout(),
            Action::ToggleHandoutTopic(id) => self.toggle_handout_topic(id),
            Action::PrintHandout => self.print_handout(fx),
            Action::PrintDone => {
                if self.session.print != PrintStatus::Working {
                    self.session.print = PrintStatus::None;
                    self.screen = Screen::MyQuestions;
                    self.session.questions_return = Some(Screen::Home);
                }
            }
            Action::OpenLanguageHelp => {
                if !matches!(
                    self.screen,
                    Screen::LanguageHelp | Screen::InterpreterCard(_)
                ) {
                    self.session.language_help_return = Some(self.screen);
                }
                self.screen = Screen::LanguageHelp;
            }
            Action::ShowInterpreterCard(i) => {
                if let Some(lang) = self.language_help.get(i) {
                    let code = lang.code.clone();
                    // Only how many cards each language needed: nothing of who, or when.
                    self.record(|u| u.interpreter_card_shown(&code));
                    self.screen = Screen::InterpreterCard(i);
                }
            }
            Action::OpenStaffPin => self.open_staff_pin(),
            Action::StaffHold(pressed) => {
                if !pressed {
                    self.staff.hold_started = None;
                } else if self.screen == Screen::Welcome && self.staff.hold_started.is_none() {
                    self.staff.hold_started = Some(now);
                }
            }
            Action::PinDigit(d) => {
                if self.screen == Screen::StaffPin {
                    self.staff.pin.push_digit(d);
                    // Never the digit itself: someone may be listening.
                    let text = Strings::get(&self.session.lang)
                        .speech
                        .digit_entered
                        .clone();
                    self.say(text, fx);
                }
            }
            Action::PinBackspace => {
                self.staff.pin.backspace();
                let text = Strings::get(&self.session.lang)
                    .speech
                    .digit_removed
                    .clone();
                self.say(text, fx);
            }
            Action::PinSubmit => self.pin_submit(now, fx),
            Action::PinChecked { correct } => self.pin_checked(correct, now, fx),
            // Staff may have opened the pad over a patient's session: leave nothing behind.
            Action::PinCancel => self.reset(now, fx),
            Action::StaffWalkThrough => {
                self.session.walk_through = true;
                self.screen = Screen::Home;
            }
            Action::StaffOpenTopic(i) => {
                self.session.walk_through = true;
                self.open_topic(i);
            }
            Action::StaffBackToPatient => self.reset(now, fx),
            Action::StaffReloadContent => {
                if !self.loaded.reloading {
                    self.loaded.reloading = true;
                    fx.push(Effect::ReloadContent);
                }
            }
            Action::ContentLoaded(result) => self.content_loaded(result),
            Action::StaffResetUsage => {
                self.usage.clear();
                fx.push(Effect::SaveUsage(self.usage.for_saving()));
            }
            Action::RestartForUpgrade
                if self.screen != Screen::Welcome || self.has_patient_state() => {}
            Action::StaffExitKiosk | Action::Terminate | Action::RestartForUpgrade => {
                if matches!(action, Action::Terminate) {
                    log::info!("stopping: the machine asked the kiosk to stop");
                } else if matches!(action, Action::RestartForUpgrade) {
                    log::info!("a new version was installed: restarting between patients");
                } else {
                    log::info!("staff exited the kiosk");
                }
                self.staff.quitting = true;
                fx.push(Effect::StopSpeech);
                self.totals.add(std::mem::take(&mut self.session.tally));
                self.save_counts(fx);
                self.write_metrics(false, fx);
                fx.push(Effect::Quit);
            }
            Action::Tick { had_input } => self.tick(had_input, now, fx),
            Action::PrintFinished { patient, outcome } => {
                let was = self.session.print;
                self.print_finished(patient, outcome);
                if self.session.print != was && self.screen == Screen::Printing {
                    let s = Strings::get(&self.session.lang);
                    let text = match self.session.print {
                        PrintStatus::Printed => s.printed.clone(),
                        _ => s.print_failed.clone(),
                    };
                    self.say(text, fx);
                }
            }
            Action::UsageSaveFailed(msg) => self.warn(Warning::Usage(msg)),
            Action::PinLockSaveFailed(msg) => self.warn(Warning::PinLock(msg)),
            Action::MetricsSaveFailed(msg) => self.warn(Warning::Metrics(msg)),
            Action::PackChecked { last, new } => {
                self.loaded.updating = false;
                if let Some(last) = last {
                    if !last.ok {
                        log::warn!("content update: {}", last.message);
                    }
                    self.loaded.last_update = Some(last);
                }
                if let Some(new) = new {
                    log::info!(
                        "content pack {} installed; shown from the next patient on",
                        new.installed.seq
                    );
                    self.loaded.pending_pack = Some(new);
                }
            }
            Action::SpeechFailed(msg) => {
                self.session.tally.speech_failed += 1;
                self.warn(Warning::Speech(msg));
                self.notice = Some(Notice::SpeechUnavailable);
            }
        }
    }

    /// Forget the patient: back to welcome with a fresh session.
    fn reset(&mut self, now: Duration, fx: &mut Vec<Effect>) {
        let farewell = self
            .session
            .speech
            .as_ref()
            .map(|sp| (self.session.lang.clone(), sp.voice));
        // The session's counts join the totals and the file only now that it is over.
        self.totals.add(std::mem::take(&mut self.session.tally));
        self.save_counts(fx);
        self.session = self.fresh_session();
        self.screen = Screen::Welcome;
        self.notice = None;
        self.resets += 1;
        self.staff.pin.clear();
        self.staff.hold_started = None;
        // Closes "Need more time?" too, so it never shows over the welcome screen.
        self.idle.activity(now);
        fx.push(Effect::StopSpeech);
        // A patient listening hears that the kiosk started over (with speech mode kept on
        // for the next patient, the welcome is said instead).
        if let Some((lang, voice)) = farewell
            && self.session.speech.is_none()
        {
            let text = Strings::get(&lang).speech.starting_over.clone();
            fx.push(Effect::Speak { lang, text, voice });
        }
    }

    fn tick(&mut self, had_input: bool, now: Duration, fx: &mut Vec<Effect>) {
        // Only an answer closes "Need more time?": a pointer moving towards "Start over
        // now" must not close it and let the press land on the screen beneath.
        if had_input && !self.idle.prompt_shown() {
            self.idle.activity(now);
        }
        if let Some(started) = self.staff.hold_started
            && now >= started + STAFF_HOLD
        {
            self.staff.hold_started = None;
            self.open_staff_pin();
        }
        if now >= self.staff.last_purge + super::PURGE_EVERY {
            self.staff.last_purge = now;
            fx.push(Effect::PurgeHandouts);
        }
        if self.idle.poll(now, self.has_patient_state()) == IdleEvent::Reset {
            log::info!("no input for a while: starting over");
            self.totals.idle_resets += 1;
            self.reset(now, fx);
        }
        if self.update_due().is_some_and(|due| now >= due)
            && let Some(dir) = self.loaded.packs_dir.clone()
        {
            self.loaded.updating = true;
            self.loaded.update_checked = Some(now);
            let shown = self
                .pending_pack()
                .or_else(|| self.loaded.pack.as_ref().map(|p| p.seq));
            fx.push(Effect::CheckForPack { dir, shown });
        }
        // A new pack is shown between patients: on the welcome screen, nothing to forget.
        if self.screen == Screen::Welcome
            && !self.has_patient_state()
            && let Some(new) = self.loaded.pending_pack.take()
        {
            log::info!("now showing content pack {}", new.installed.seq);
            self.loaded.source = Arc::new(crate::content::DirSource::new(&new.dir));
            self.loaded.pack = Some(new.installed);
            self.content_loaded(Ok(new.library));
        }
        // Last, so a reset this tick is in the totals written.
        if self
            .metrics_written
            .is_none_or(|at| now >= at + super::metrics::METRICS_EVERY)
        {
            self.metrics_written = Some(now);
            self.write_metrics(true, fx);
        }
        // Speech mode hears the countdown every ten seconds (the first time with the whole
        // prompt, when it appears).
        let prompt = self.idle.prompt_shown();
        let left = self.idle.seconds_left(now);
        let lang = self.session.lang.clone();
        if let Some(speech) = &mut self.session.speech {
            if !prompt {
                speech.idle_said = None;
            } else if speech
                .idle_said
                .is_some_and(|said| said != left.div_ceil(10))
            {
                speech.idle_said = Some(left.div_ceil(10));
                let s = Strings::get(&lang);
                let text = format!(
                    "{}. {}",
                    s.starting_over_in(left),
                    s.speech.keep_reading_hint
                );
                self.say(text, fx);
            }
        }
    }

    /// Write the metrics file, when there is one: `up` while running (on a worker thread),
    /// or the last time as the kiosk closes (at once).
    fn write_metrics(&self, up: bool, fx: &mut Vec<Effect>) {
        let file = &self.loaded.settings.metrics_file;
        if !file.is_empty() {
            fx.push(Effect::WriteMetrics {
                file: file.into(),
                text: self.metrics_text(up),
                last: !up,
            });
        }
    }

    /// Count an anonymous event (never during a staff walk-through). The file is written
    /// only when the session ends ([`Self::save_counts`]): while a patient reads, it never
    /// shows what they are reading.
    fn record(&mut self, what: impl FnOnce(&mut Usage)) {
        if self.session.walk_through {
            return;
        }
        what(&mut self.usage);
    }

    /// Write what was counted since the last save, if anything (a session ended).
    fn save_counts(&mut self, fx: &mut Vec<Effect>) {
        if self.usage.has_unsaved() {
            fx.push(Effect::SaveUsage(self.usage.for_saving()));
        }
    }

    fn open_topic(&mut self, topic: usize) {
        let Some(id) = self.content().topics.get(topic).map(|t| t.id.clone()) else {
            return;
        };
        if !self.session.walk_through {
            self.session.tally.topics.push(id.clone());
        }
        self.record(|u| u.topic_opened(&id));
        self.screen = Screen::Reader { topic, page: 0 };
    }

    fn next_page(&mut self) {
        if let Screen::Reader { topic, page } = self.screen {
            let pages = self
                .content()
                .topics
                .get(topic)
                .map_or(0, |t| t.pages.len());
            self.screen = if page + 1 < pages {
                Screen::Reader {
                    topic,
                    page: page + 1,
                }
            } else {
                Screen::Home
            };
        }
    }

    fn prev_page(&mut self) {
        if let Screen::Reader { topic, page } = self.screen {
            self.screen = match page.checked_sub(1) {
                Some(page) => Screen::Reader { topic, page },
                None => Screen::Home,
            };
        }
    }

    fn back(&mut self, now: Duration, fx: &mut Vec<Effect>) {
        match self.screen {
            Screen::Handout => {
                self.screen = self.session.handout_return.take().unwrap_or(Screen::Home);
            }
            Screen::Printing => self.reduce(Action::PrintDone, now, fx),
            Screen::Reader { .. } => self.prev_page(),
            Screen::MyQuestions => {
                self.screen = self.session.questions_return.take().unwrap_or(Screen::Home);
            }
            Screen::StaffPin | Screen::StaffMenu => self.reset(now, fx),
            Screen::InterpreterCard(_) => self.screen = Screen::LanguageHelp,
            Screen::LanguageHelp => {
                self.screen = self
                    .session
                    .language_help_return
                    .take()
                    .unwrap_or(Screen::Welcome);
            }
            Screen::Home | Screen::Welcome => {}
        }
    }

    fn questions_topic(&self) -> Option<usize> {
        self.content().topics.iter().position(|t| {
            t.pages
                .iter()
                .flat_map(|p| &p.blocks)
                .any(|b| matches!(b, Block::Question(_)))
        })
    }

    fn read_aloud(&mut self, fx: &mut Vec<Effect>) {
        let Some((lang, pieces)) = self.page_for_the_ear() else {
            return;
        };
        let text = crate::system::speech::page_script(&pieces);
        let voice = self
            .session
            .speech
            .as_ref()
            .map(|sp| sp.voice)
            .unwrap_or_default();
        fx.push(Effect::Speak { lang, text, voice });
    }

    /// Everything the page on screen shows, in its order, as Read aloud says it: the
    /// heading, page 1's summary, every picture's description and caption, and the kind of
    /// each box ("Important. Call 911 right away if:").
    fn page_for_the_ear(&self) -> Option<(String, Vec<String>)> {
        let Screen::Reader { topic, page: index } = self.screen else {
            return None;
        };
        let topic = self.content().topics.get(topic)?;
        let page = topic.pages.get(index)?;
        let s = Strings::get(&page.lang);
        let picture = |image: &crate::content::Image, out: &mut Vec<String>| {
            out.push(format!("{}: {}", s.speech.picture, image.alt));
            out.extend(image.caption.iter().cloned());
        };
        // A title followed by its items reads as one sentence leading into them.
        let leading = |title: &str| {
            let title = title.trim();
            if title.ends_with(['.', '?', '!', ':']) {
                title.to_owned()
            } else {
                format!("{title}:")
            }
        };
        let mut out = vec![page.heading.clone()];
        if index == 0 {
            out.push(topic.summary.clone());
        }
        for block in &page.blocks {
            match block {
                Block::Paragraph(t) => out.push(t.clone()),
                Block::Bullets(items) => out.extend(items.iter().cloned()),
                Block::Steps(items) => out.extend(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, step)| format!("{}: {step}", s.speech_step(i + 1))),
                ),
                Block::Callout(c) => {
                    let kind = match c.tone {
                        crate::content::Tone::CallClinic => &s.speech.urgent,
                        crate::content::Tone::Tip => &s.speech.tip,
                        crate::content::Tone::Note => &s.speech.note,
                        crate::content::Tone::Remember => &s.speech.remember,
                    };
                    let more = c.text.is_some() || !c.items.is_empty();
                    let title = if more {
                        leading(&c.title)
                    } else {
                        c.title.clone()
                    };
                    out.push(format!("{kind}. {title}"));
                    out.extend(c.text.iter().cloned());
                    out.extend(c.items.iter().cloned());
                }
                Block::Image(image) => picture(image, &mut out),
                Block::Question(q) => out.push(q.text.clone()),
                Block::Checklist(list) => {
                    out.push(leading(&list.title));
                    out.extend(list.items.iter().cloned());
                }
                Block::SelfCheck(check) => {
                    out.push(leading(&check.title));
                    out.extend(check.items.iter().map(|(item, _)| item.clone()));
                }
                Block::Quiz(q) => {
                    out.push(q.text.clone());
                    out.extend(q.choices.iter().cloned());
                }
            }
        }
        // Page 1 without a picture of its own shows the topic's, after the words.
        let own_picture = page.blocks.iter().any(|b| matches!(b, Block::Image(_)));
        if index == 0 && !own_picture {
            picture(&topic.image, &mut out);
        }
        let fill = self.loaded.settings.placeholders(&page.lang, &s.no_phone);
        let pieces = out
            .iter()
            .map(|t| fill.fill(t))
            .filter(|t| !t.trim().is_empty())
            .collect();
        Some((page.lang.clone(), pieces))
    }

    /// Topic ids, deduplicated, in the order of the topic list.
    fn in_topic_order(&self, ids: &[String]) -> Vec<String> {
        self.content()
            .topics
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| t.id.clone())
            .collect()
    }

    fn open_handout(&mut self) {
        if !matches!(self.screen, Screen::Handout | Screen::Printing) {
            self.session.handout_return = Some(self.screen);
        }
        if self.session.handout_topics.is_empty() {
            let mut chosen = self.loaded.library.handout_topics().to_vec();
            if let Screen::Reader { topic, .. } = self.screen
                && let Some(t) = self.content().topics.get(topic)
            {
                chosen.push(t.id.clone());
            }
            self.session.handout_topics = self.in_topic_order(&chosen);
        }
        self.screen = Screen::Handout;
    }

    fn toggle_handout_topic(&mut self, id: String) {
        let mut chosen = std::mem::take(&mut self.session.handout_topics);
        if chosen.contains(&id) {
            chosen.retain(|t| t != &id);
        } else if self.content().topic(&id).is_some() {
            chosen.push(id);
        }
        self.session.handout_topics = self.in_topic_order(&chosen);
    }

    fn print_handout(&mut self, fx: &mut Vec<Effect>) {
        if self.screen != Screen::Handout || self.session.handout_topics.is_empty() {
            return;
        }
        self.session.print = PrintStatus::Working;
        self.screen = Screen::Printing;
        fx.push(Effect::Print(PrintOrder {
            lang: self.session.lang.clone(),
            topics: self.session.handout_topics.clone(),
            questions: self.session.picked.clone(),
            patient: self.resets,
        }));
    }

    fn print_finished(&mut self, patient: u64, outcome: PrintOutcome) {
        let same_patient = patient == self.resets && self.session.print == PrintStatus::Working;
        match outcome {
            PrintOutcome::Sent { job } => {
                log::info!("handout sent to the printer as job {job}");
                if same_patient {
                    self.session.print = PrintStatus::Printed;
                    self.session.tally.printed += 1;
                } else {
                    self.totals.printed += 1;
                }
            }
            PrintOutcome::Failed { reason } => {
                self.warn(Warning::Print(reason));
                if same_patient {
                    self.session.print = PrintStatus::Failed;
                    self.session.tally.print_failed += 1;
                } else {
                    self.totals.print_failed += 1;
                }
            }
        }
    }

    fn open_staff_pin(&mut self) {
        self.staff.pin.clear();
        self.staff.hold_started = None;
        self.screen = Screen::StaffPin;
    }

    fn pin_submit(&mut self, now: Duration, fx: &mut Vec<Effect>) {
        if self.screen != Screen::StaffPin {
            return;
        }
        let hash = self.loaded.settings.pin_hash.clone();
        match self.staff.pin.begin(hash.as_ref(), now) {
            Some(PinCheck::Verify(digits)) => {
                if let Some(hash) = hash {
                    fx.push(Effect::VerifyPin {
                        digits: Secret(digits),
                        hash,
                    });
                }
            }
            Some(PinCheck::Refused(PinOutcome::Locked { for_secs })) => {
                log::warn!("staff PIN refused: the pad is locked for {for_secs} s");
            }
            Some(PinCheck::Refused(_)) | None => {}
        }
    }

    fn pin_checked(&mut self, correct: bool, now: Duration, fx: &mut Vec<Effect>) {
        if !self.staff.pin.checking() {
            return;
        }
        let outcome = self.staff.pin.finish(correct, now);
        if let Some(file) = &self.staff.pin_lock_file {
            fx.push(Effect::SavePinLock {
                file: file.clone(),
                lock: self.staff.pin.lock(now),
            });
        }
        match outcome {
            PinOutcome::Accepted => {
                // Staff may have cancelled while the PIN was checked: then stay out.
                if self.screen == Screen::StaffPin {
                    log::info!("staff menu opened");
                    self.screen = Screen::StaffMenu;
                }
            }
            PinOutcome::Wrong { tries_left } => {
                log::warn!("wrong staff PIN ({tries_left} tries left before the lock)");
            }
            PinOutcome::Locked { for_secs } => {
                log::warn!("wrong staff PIN: the pad is locked for {for_secs} s");
            }
            PinOutcome::Disabled => {}
        }
    }

    fn content_loaded(&mut self, result: Result<Arc<Library>, Vec<String>>) {
        self.loaded.reloading = false;
        match result {
            Ok(library) => {
                self.loaded.library = library;
                self.loaded.generation += 1;
                self.staff
                    .warnings
                    .retain(|w| !matches!(w, Warning::Content(_)));
                if !self.loaded.library.offers(&self.session.lang) {
                    self.session.lang = self.loaded.library.fallback_lang().to_owned();
                }
                if matches!(self.screen, Screen::Reader { .. }) {
                    self.screen = Screen::Home;
                }
                // Language help's notices come with the content: a folder's or pack's own.
                let (help, problems, _) = crate::language_help::LanguageHelp::load(
                    self.loaded.source.as_ref(),
                    &self.loaded.settings,
                );
                self.language_help = Arc::new(help);
                for p in problems {
                    self.warn(Warning::Content(p));
                }
                if matches!(self.screen, Screen::InterpreterCard(_)) {
                    self.screen = Screen::LanguageHelp;
                }
                log::info!("content reloaded");
            }
            Err(errors) => {
                for e in errors {
                    self.warn(Warning::Content(format!(
                        "{e} (kept the content already loaded)"
                    )));
                }
            }
        }
    }
}
