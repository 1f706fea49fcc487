//! Staff screens: the PIN pad (with its lock after repeated wrong tries) and the staff menu
//! (walk-through, jump to a topic, reload content, settings and warnings, usage counts, exit).

use egui::{Align, Layout, Ui, vec2};

use super::Ctx;
use super::widgets::{Kind, big_button_ui, centered_column, text_ui};
use crate::i18n::Strings;
use crate::kiosk::PinOutcome;
use crate::model::Action;
use crate::theme::size;

fn panel<R>(ui: &mut Ui, look: &super::widgets::Look, id: &str, add: impl FnOnce(&mut Ui) -> R) {
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(look))
        .show(ui, |ui| {
            super::widgets::scroll_area(id).show(ui, |ui| {
                add(ui);
            });
        });
}

pub fn pin_ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let s = c.strings;
    let look = c.look;
    let p = look.palette;
    let state = c.state;
    panel(ui, &look, "staff_pin", |ui| {
        centered_column(ui, 720.0, |ui| {
            text_ui(ui, &s.staff_access, look.title(), p.text);
            ui.add_space(size::GAP);
            if !state.settings().staff_access_enabled() {
                text_ui(ui, &s.staff_off, look.body(), p.text);
                ui.add_space(size::GAP);
                if big_button_ui(ui, &look, &s.cancel, Kind::Primary, 240.0).clicked() {
                    c.push(Action::PinCancel);
                }
                return;
            }
            pin_dots_ui(ui, &look, s, state.pin().entered_len());
            let message = match (state.pin().locked_for(c.now), state.pin().last()) {
                _ if state.pin().checking() => Some(s.pin_checking.clone()),
                (Some(secs), _) => Some(s.pin_locked(secs)),
                (None, Some(PinOutcome::Wrong { tries_left })) => Some(s.pin_wrong(tries_left)),
                (None, Some(PinOutcome::Locked { .. })) => Some(s.pin_lock_ended.clone()),
                _ => None,
            };
            if let Some(m) = message {
                text_ui(ui, &m, look.body(), p.urgent_edge);
            }
            ui.add_space(size::GAP);
            let key = vec2(200.0, 110.0);
            let rows: [[&str; 3]; 4] = [
                ["1", "2", "3"],
                ["4", "5", "6"],
                ["7", "8", "9"],
                [&s.pin_delete, "0", &s.pin_ok],
            ];
            for (r, row) in rows.iter().enumerate() {
                ui.horizontal(|ui| {
                    for label in row {
                        let kind = if *label == s.pin_ok {
                            Kind::Primary
                        } else {
                            Kind::Secondary
                        };
                        // Speech mode never says a digit key's digit: someone may listen.
                        let role = if label.chars().all(|ch| ch.is_ascii_digit()) {
                            super::spoken::Role::PinKey
                        } else {
                            super::spoken::Role::Button
                        };
                        let min = vec2(key.x, size::TOUCH_MIN);
                        let resp = ui
                            .allocate_ui(key, |ui| {
                                super::widgets::button_as_ui(ui, &look, label, kind, min, role)
                            })
                            .inner;
                        if r == 0 && *label == "1" && c.focus_primary {
                            resp.request_focus();
                        }
                        if resp.clicked() {
                            c.push(if *label == s.pin_delete {
                                Action::PinBackspace
                            } else if *label == s.pin_ok {
                                Action::PinSubmit
                            } else {
                                Action::PinDigit(label.chars().next().unwrap_or('0'))
                            });
                        }
                    }
                });
            }
            ui.add_space(size::GAP);
            if big_button_ui(ui, &look, &s.cancel, Kind::Secondary, 3.0 * key.x).clicked() {
                c.push(Action::PinCancel);
            }
        });
    });
}

pub fn menu_ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let s = c.strings;
    let look = c.look;
    let p = look.palette;
    let state = c.state;
    panel(ui, &look, "staff_menu", |ui| {
        centered_column(ui, 1500.0, |ui| {
            super::widgets::heading_ui(ui, &s.staff_menu, look.title(), p.text, 1);
            ui.add_space(size::GAP);
            ui.horizontal_wrapped(|ui| {
                let back = big_button_ui(ui, &look, &s.back_to_patient, Kind::Primary, 0.0);
                if c.focus_primary {
                    back.request_focus();
                }
                if back.clicked() {
                    c.push(Action::StaffBackToPatient);
                }
                if big_button_ui(ui, &look, &s.walk_through, Kind::Secondary, 0.0).clicked() {
                    c.push(Action::StaffWalkThrough);
                }
                let reload = if state.reloading() {
                    &s.reloading_content
                } else {
                    &s.reload_content
                };
                if big_button_ui(ui, &look, reload, Kind::Secondary, 0.0).clicked() {
                    c.push(Action::StaffReloadContent);
                }
                if big_button_ui(ui, &look, &s.exit_kiosk, Kind::Secondary, 0.0).clicked() {
                    c.push(Action::StaffExitKiosk);
                }
            });
            section(ui, c, &s.jump_to_topic);
            ui.horizontal_wrapped(|ui| {
                for (i, t) in state.content().topics.iter().enumerate() {
                    if big_button_ui(ui, &look, &t.title, Kind::Secondary, 0.0).clicked() {
                        c.push(Action::StaffOpenTopic(i));
                    }
                }
            });

            section(ui, c, &s.warnings);
            let past_review = state
                .library()
                .past_review(chrono::Local::now().date_naive());
            if state.warnings().is_empty()
                && state.library().missing_translations.is_empty()
                && past_review.is_empty()
            {
                text_ui(ui, &s.none, look.body(), p.text);
            }
            for m in &past_review {
                text_ui(ui, &s.past_review(m), look.small(), p.text);
            }
            for w in state.warnings() {
                text_ui(ui, &w.to_string(), look.small(), p.text);
            }
            for m in &state.library().missing_translations {
                text_ui(ui, &s.missing_translation(m), look.small(), p.text);
            }

            section(ui, c, &s.content_pack);
            let pack = match state.pack() {
                Some(p) => {
                    let signer = if p.signer.is_empty() {
                        String::new()
                    } else {
                        format!(", {} {}", s.signed_by, p.signer)
                    };
                    // "2026-12-03 15:38", not RFC 3339 with nanoseconds.
                    let created = chrono::DateTime::parse_from_rfc3339(&p.created)
                        .map(|t| {
                            t.with_timezone(&chrono::Local)
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_else(|_| p.created.clone());
                    format!("{} {}, {created}{signer}", s.pack_label, p.seq)
                }
                None => s.no_pack.clone(),
            };
            text_ui(ui, &pack, look.small(), p.text);
            if let Some(u) = state.last_update() {
                let when = u.local_time();
                text_ui(
                    ui,
                    &format!("{} ({when}): {}", s.last_update, u.message),
                    look.small(),
                    if u.ok { p.text } else { p.urgent_edge },
                );
            }

            section(ui, c, &s.settings_in_use);
            let st = state.settings();
            // Every key of the settings table, with the file that set it (the machine-wide
            // file, a drop-in, the kiosk's own, --config): a language's own key first.
            let lang = state.session().lang();
            for key in crate::config::KEYS {
                let value = st.shown(key.name, lang, s).unwrap_or_default();
                let value = if value.is_empty() { &s.not_set } else { &value };
                let own = crate::config::LANGUAGE_KEYS
                    .contains(&key.name)
                    .then(|| format!("{lang}.{}", key.name));
                let from = own
                    .as_deref()
                    .into_iter()
                    .chain([key.name])
                    .find_map(|k| state.settings_source(k))
                    .map_or_else(
                        || s.setting_default.clone(),
                        |f| format!("{} {}", s.setting_from, f.display()),
                    );
                let label = s.setting_label(key.name);
                text_ui(
                    ui,
                    &format!("{label}: {value} ({from})"),
                    look.small(),
                    p.text,
                );
            }

            section(ui, c, &s.usage_counts);
            let mut any = false;
            for (day, counts) in state.usage().days() {
                any = true;
                let mut topics: Vec<_> = counts.topics.iter().collect();
                topics.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let list = topics
                    .iter()
                    .map(|(t, n)| format!("{t} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                text_ui(
                    ui,
                    &s.usage_day(day, counts.sessions, &list),
                    look.small(),
                    p.text,
                );
                if !counts.interpreter_cards.is_empty() {
                    let cards = counts
                        .interpreter_cards
                        .iter()
                        .map(|(lang, n)| format!("{lang} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let line = format!("{}: {cards}", s.interpreter_cards_shown);
                    text_ui(ui, &line, look.small(), p.text);
                }
            }
            if !any {
                text_ui(ui, &s.no_sessions, look.small(), p.text);
            }
            ui.add_space(size::GAP / 2.0);
            if big_button_ui(ui, &look, &s.reset_counts, Kind::Secondary, 0.0).clicked() {
                c.push(Action::StaffResetUsage);
            }
            ui.add_space(size::GAP * 2.0);
        });
    });
}

/// One dot per digit typed (never the digits themselves).
fn pin_dots_ui(ui: &mut Ui, look: &super::widgets::Look, s: &Strings, n: usize) {
    if n == 0 {
        text_ui(ui, &s.enter_pin, look.heading(), look.palette.text);
        return;
    }
    let d = 28.0;
    let (rect, response) = ui.allocate_exact_size(
        vec2(n as f32 * d * 1.6, look.heading().size * 1.3),
        egui::Sense::hover(),
    );
    let label = s.digits_entered(n);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
    for i in 0..n {
        let center = egui::pos2(rect.left() + d * 0.8 + i as f32 * d * 1.6, rect.center().y);
        ui.painter()
            .circle_filled(center, d / 2.0, look.palette.text);
    }
}

fn section(ui: &mut Ui, c: &Ctx<'_>, title: &str) {
    ui.add_space(size::GAP);
    ui.with_layout(Layout::top_down(Align::Min), |ui| {
        ui.separator();
        text_ui(ui, title, c.look.heading(), c.look.palette.text);
    });
}
