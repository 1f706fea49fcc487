### Interface words in English. Page text lives in content/; these are buttons and prompts.
### Every message here is read by src/i18n/mod.rs, and every message it reads must be here
### (a unit test loads each language file and fails on a missing or an unused message).
### A number that counts something goes through a plural selector: { $n -> [one] ... *[other] ... }.
### Counts in brackets, page positions and the "s" for seconds take no plural in English.

language-name = English
learn-about = Learn about microneedling
touch-to-start = Touch to start
general-info = This is general information, not medical advice. Your doctor will decide what is right for you.
topics-heading = Pick a topic
back = Back
home = Home
next = Next
all-topics = All topics
# $n is the page shown, $total how many pages the topic has.
page-of = Page { $n } of { $total }
my-questions = My questions
# $n is how many questions the patient picked (the button to see them).
my-questions-count = My questions ({ $n })
my-questions-intro = You picked these questions. Take them into your consultation.
no-questions = You have not picked any questions yet.
pick-questions = Pick questions...
remove = Remove
finish = Finish
text-normal = Text size: normal
text-large = Text size: large
text-largest = Text size: largest
contrast = High contrast

## The prompt shown when nobody has touched the screen for a while.

need-more-time = Need more time?
idle-explain = To keep your choices private, the kiosk will start over soon.
starting-over-in =
    { $seconds ->
        [one] Starting over in { $seconds } second
       *[other] Starting over in { $seconds } seconds
    }
keep-reading = Yes, keep reading
start-over-now = Start over now
staff-hold-hint = Staff: press and hold the logo
# Stands in for the clinic's phone number when none is set. The built-in text never needs it
# (it says `{if clinic_phone}...{else}...{end}`); a clinic's own text may.
no-phone = ask the front desk
# Stands in for the clinic's name inside a sentence when none is set: "At this clinic, ...".
this-clinic = this clinic
# The welcome screen's title (and the handout's header) when the clinic has set no name.
unnamed-clinic-title = Patient information
read-aloud = Read aloud
stop-reading = Stop
repeat = Repeat
words-to-know = Words to know
more-below = More below
quiz-right = Yes, that is right.
quiz-wrong = Not quite.
quiz-add = Add this to my questions:
quiz-added = This is in My questions:
phone-code-title = On your phone
phone-code-help = Point your phone's camera at the code. It shows your questions as text. It holds nothing else, and nothing is sent or saved.
phone-code-alt = A code for your phone's camera that holds your questions as text
next-code = Next code
code-of = Code { $n } of { $total }
close = Close
speech-unavailable = Read aloud is not working on this kiosk right now. Please ask the front desk for help.

## The staff PIN pad.

staff-access = Staff access
staff-off = Staff access is off: no PIN is set. On this computer, run `patient-kiosk set-pin` to set one.
enter-pin = Enter the PIN
# Read out to screen readers: how many digits are in the box (the digits are hidden).
digits-entered =
    { $n ->
        [one] { $n } digit entered
       *[other] { $n } digits entered
    }
pin-delete = Delete
pin-ok = OK
cancel = Cancel
pin-wrong =
    { $n ->
        [one] Wrong PIN. { $n } try left before the pad locks.
       *[other] Wrong PIN. { $n } tries left before the pad locks.
    }
pin-locked =
    { $seconds ->
        [one] Too many wrong tries. The pad is locked for { $seconds } more second.
       *[other] Too many wrong tries. The pad is locked for { $seconds } more seconds.
    }
pin-lock-ended = The lock has ended. Try again.
pin-checking = Checking the PIN...

## The staff menu.

staff-menu = Staff menu
back-to-patient = Back to patient mode
walk-through = Walk-through mode
reload-content = Reload content
reloading-content = Loading the content again...
exit-kiosk = Exit kiosk
jump-to-topic = Jump to a topic (walk-through)
warnings = Warnings
none = None.
settings-in-use = Settings in use
usage-counts = Usage counts (anonymous, per day)
no-sessions = No sessions counted yet.
reset-counts = Reset counts

## The printed handout.

print-my-handout = Print my handout...
handout-title = Your handout
handout-choose = Tick the topics you want on paper. Your questions are printed with space for the answers.
handout-outline = What will be printed
# $n is how many questions will be printed.
handout-questions = Your questions ({ $n })
handout-note = A note: this is general information, not medical advice.
print = Print
printing = Making your handout and sending it to the printer...
printed = Your handout is printing. Please collect it from the printer.
print-failed = Sorry, your handout did not print. Please ask the front desk for a printed copy.
done = Done

## Staff menu, "Settings in use": one label per setting, setting-KEY, in the order of the
## settings table (src/config/settings.rs).

setting-clinic_name = Clinic
setting-clinic_phone = Phone
setting-clinic_address = Address
setting-clinic_website = Website
setting-price_range = Price per visit
setting-content_owner = Written and checked by
setting-idle_seconds = Seconds before "Need more time?"
setting-countdown_seconds = Seconds to answer it
setting-pin_hash = Staff PIN
setting-hide_cursor = Pointer hidden
setting-printer = Printer
setting-handout_dir = Unprinted handouts kept in
setting-paper = Paper
setting-languages = Languages
setting-language_help_state = Language help: state
setting-language_help_languages = Language help: languages
setting-speech_command = Speech engine
setting-start_in_speech_mode = Every patient starts in speech mode
setting-speech_help_keys = Spoken help keys
setting-pack_url = Content pack from
setting-pack_public_key = Pack signing keys
setting-update_minutes = Minutes between pack checks
setting-metrics_file = Metrics file
setting-yes = yes
setting-no = no
setting-from = from
setting-default = default

content-pack = Content pack
no-pack = Built-in content (no pack installed)
pack-label = Pack
signed-by = signed by
last-update = Last update
not-set = (not set)
pin-is-set = set
# $what names the page or topic that has no translation yet.
missing-translation = Missing translation: { $what }
past-review = Content due for review: { $what }
# One line per day: $day is the date, $n the sessions started, $topics the topics opened.
usage-day =
    { $n ->
        [one] { $day }: { $n } session. Topics: { $topics }
       *[other] { $day }: { $n } sessions. Topics: { $topics }
    }

## Speech mode (the talking kiosk). Said, never shown, except the Audio button.

audio = Audio
speech-on = Speech is on. Press Up and Down to move, Enter to press, and the Help key or F1 for help.
speech-keys-help = Up and Down move through everything on the screen. Up from the top goes to the end. Enter presses what you are on. Left and Right go to the page before and the next page. R says it again. P pauses the voice, and P again goes on. Plus and minus make it louder or quieter. The square brackets make it slower or faster. Escape stops the talking. The Help key, or F1, says this again. To change the language, press Up until you hear its name, then Enter. On a touch screen, tap once to hear a thing, and tap twice fast to press it.
speech-welcome-hint = Press Down to hear the screen, then Enter to start.
speech-down-hint = Press Down to hear what is here.
speech-keep-reading-hint = Press Enter to keep reading.
speech-nothing-focused = Press Down to move to the first thing on the screen.
speech-no-page = There is no other page here. Press Down to move through the screen.
speech-top = Top of the screen.
speech-button = button
speech-check-box = check box
speech-ticked = ticked
speech-not-ticked = not ticked
speech-on-state = on
speech-off-state = off
speech-selected = selected
speech-picture = Picture
speech-pin-key = Number key
speech-digit-entered = Digit entered.
speech-digit-removed = Digit removed.
speech-faster = Faster.
speech-slower = Slower.
speech-louder = Louder.
speech-quieter = Quieter.
speech-limit = That is as far as it goes.
# Said in this language to a patient hearing another one: how to switch to this one.
speech-switch-hint = For English, press Up until you hear English, then press Enter.
speech-off = Speech is off. Press any key on the keypad to turn it on again.
speech-starting-over = Starting over. Everything you chose is gone. Press any key to hear the kiosk again.
speech-paused = Paused. Press P to go on.
# The kind of a box on a page, said before its title.
speech-urgent = Important
speech-tip = Tip
speech-note = Good to know
speech-remember = Remember
# $n is how many topics the grid shows.
speech-topics =
    { $n ->
        [one] { $n } topic. Press Down to hear it.
       *[other] { $n } topics. Press Down to hear them.
    }
# $n is the number of a step in a list of steps.
speech-step = Step { $n }

## Language help (the notices themselves are in content/language-help/languages.toml)

language-help = Language help
language-help-intro = Free help in your language. Tap your language, then show the card to the front desk.
interpreter-card = Interpreter card
language-help-none = Please ask the front desk for help in your language.
interpreter-cards-shown = Interpreter cards shown
