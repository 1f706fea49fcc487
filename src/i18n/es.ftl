### Palabras de la interfaz en español. El texto de las páginas está en content/.
### Cada mensaje de este archivo lo lee src/i18n/mod.rs, y cada mensaje que lee debe estar aquí
### (una prueba carga cada idioma y falla si falta un mensaje o sobra uno).
### Un número que cuenta algo pasa por un selector de plural: { $n -> [one] ... *[other] ... }.
### Los conteos entre paréntesis, las posiciones de página y la "s" de segundos no llevan plural.

language-name = Español
learn-about = Aprenda sobre el tratamiento con microagujas
touch-to-start = Toque para empezar
general-info = Esta es información general, no un consejo médico. Su médico decidirá qué es lo mejor para usted.
topics-heading = Elija un tema
back = Atrás
home = Inicio
next = Siguiente
all-topics = Todos los temas
# $n es la página que se ve, $total cuántas páginas tiene el tema.
page-of = Página { $n } de { $total }
my-questions = Mis preguntas
# $n es cuántas preguntas eligió el paciente (el botón para verlas).
my-questions-count = Mis preguntas ({ $n })
my-questions-intro = Usted eligió estas preguntas. Llévelas a su consulta.
no-questions = Todavía no ha elegido ninguna pregunta.
pick-questions = Elegir preguntas...
remove = Quitar
finish = Terminar
text-normal = Tamaño del texto: normal
text-large = Tamaño del texto: grande
text-largest = Tamaño del texto: más grande
contrast = Alto contraste

## El aviso que aparece cuando nadie ha tocado la pantalla en un rato.

need-more-time = ¿Necesita más tiempo?
idle-explain = Para proteger su privacidad, el quiosco volverá a empezar pronto.
starting-over-in =
    { $seconds ->
        [one] Volverá a empezar en { $seconds } segundo
       *[other] Volverá a empezar en { $seconds } segundos
    }
keep-reading = Sí, seguir leyendo
start-over-now = Empezar de nuevo ahora
staff-hold-hint = Personal: mantenga presionado el logotipo
# Ocupa el lugar del teléfono de la clínica cuando no hay uno. El texto incorporado no lo
# necesita (dice `{if clinic_phone}...{else}...{end}`); el texto propio de una clínica, quizás.
no-phone = pregunte en la recepción
# Ocupa el lugar del nombre de la clínica dentro de una frase cuando no hay uno: "En esta clínica, ...".
this-clinic = esta clínica
# El título de la pantalla de bienvenida (y del folleto) cuando la clínica no puso su nombre.
unnamed-clinic-title = Información para pacientes
read-aloud = Leer en voz alta
stop-reading = Parar
repeat = Repetir
words-to-know = Palabras útiles
more-below = Hay más abajo
quiz-right = Sí, así es.
quiz-wrong = No exactamente.
quiz-add = Agregar a mis preguntas:
quiz-added = Ya está en Mis preguntas:
phone-code-title = En su teléfono
phone-code-help = Apunte la cámara de su teléfono al código. Verá sus preguntas como texto. No tiene nada más, y no se envía ni se guarda nada.
phone-code-alt = Un código para la cámara de su teléfono con sus preguntas como texto
next-code = Código siguiente
code-of = Código { $n } de { $total }
close = Cerrar
speech-unavailable = La lectura en voz alta no funciona ahora en este quiosco. Pida ayuda en la recepción.

## El teclado del PIN del personal.

staff-access = Acceso del personal
staff-off = El acceso del personal está apagado: no hay un PIN. En esta computadora, ejecute `patient-kiosk set-pin` para poner uno.
enter-pin = Escriba el PIN
# Lo leen los lectores de pantalla: cuántos dígitos hay en la casilla (los dígitos no se ven).
digits-entered =
    { $n ->
        [one] { $n } dígito escrito
       *[other] { $n } dígitos escritos
    }
pin-delete = Borrar
pin-ok = Aceptar
cancel = Cancelar
pin-wrong =
    { $n ->
        [one] PIN incorrecto. Queda { $n } intento antes de que el teclado se bloquee.
       *[other] PIN incorrecto. Quedan { $n } intentos antes de que el teclado se bloquee.
    }
pin-locked =
    { $seconds ->
        [one] Demasiados intentos incorrectos. El teclado está bloqueado { $seconds } segundo más.
       *[other] Demasiados intentos incorrectos. El teclado está bloqueado { $seconds } segundos más.
    }
pin-lock-ended = El bloqueo terminó. Intente de nuevo.
pin-checking = Comprobando el PIN...

## El menú del personal.

staff-menu = Menú del personal
back-to-patient = Volver al modo paciente
walk-through = Modo de recorrido
reload-content = Volver a cargar el contenido
reloading-content = Cargando el contenido de nuevo...
exit-kiosk = Salir del quiosco
jump-to-topic = Ir a un tema (recorrido)
warnings = Avisos
none = Ninguno.
settings-in-use = Ajustes en uso
usage-counts = Conteo de uso (anónimo, por día)
no-sessions = Todavía no hay sesiones contadas.
reset-counts = Poner los conteos en cero

## La hoja impresa.

print-my-handout = Imprimir mi hoja...
handout-title = Su hoja impresa
handout-choose = Marque los temas que quiere en papel. Sus preguntas se imprimen con espacio para las respuestas.
handout-outline = Qué se va a imprimir
# $n es cuántas preguntas se van a imprimir.
handout-questions = Sus preguntas ({ $n })
handout-note = Una nota: esta es información general, no un consejo médico.
print = Imprimir
printing = Estamos preparando su hoja y enviándola a la impresora...
printed = Su hoja se está imprimiendo. Recójala en la impresora.
print-failed = Lo sentimos, su hoja no se imprimió. Pida una copia impresa en la recepción.
done = Listo

## Menú del personal, "Ajustes en uso": una etiqueta por ajuste, setting-CLAVE, en el orden
## de la tabla de ajustes (src/config/settings.rs).

setting-clinic_name = Clínica
setting-clinic_phone = Teléfono
setting-clinic_address = Dirección
setting-clinic_website = Sitio web
setting-price_range = Precio por visita
setting-content_owner = Escrito y revisado por
setting-idle_seconds = Segundos antes de "¿Necesita más tiempo?"
setting-countdown_seconds = Segundos para responder
setting-pin_hash = PIN del personal
setting-hide_cursor = Puntero oculto
setting-printer = Impresora
setting-handout_dir = Hojas no impresas guardadas en
setting-paper = Papel
setting-languages = Idiomas
setting-language_help_state = Ayuda con idiomas: estado
setting-language_help_languages = Ayuda con idiomas: idiomas
setting-speech_command = Motor de voz
setting-start_in_speech_mode = Todos empiezan en modo de voz
setting-speech_help_keys = Teclas de ayuda hablada
setting-pack_url = Paquete de contenido desde
setting-pack_public_key = Claves de firma del paquete
setting-update_minutes = Minutos entre comprobaciones del paquete
setting-metrics_file = Archivo de métricas
setting-yes = sí
setting-no = no
setting-from = de
setting-default = predeterminado

content-pack = Paquete de contenido
no-pack = Contenido incorporado (ningún paquete instalado)
pack-label = Paquete
signed-by = firmado por
last-update = Última actualización
not-set = (sin definir)
pin-is-set = definido
# $what nombra la página o el tema que todavía no tiene traducción.
missing-translation = Falta traducir: { $what }
past-review = Contenido que toca revisar: { $what }
# Una línea por día: $day es la fecha, $n las sesiones, $topics los temas abiertos.
usage-day =
    { $n ->
        [one] { $day }: { $n } sesión. Temas: { $topics }
       *[other] { $day }: { $n } sesiones. Temas: { $topics }
    }

## Modo de voz (el quiosco que habla). Se dice, no se muestra, salvo el botón Audio.

audio = Audio
speech-on = La voz está activada. Presione Arriba y Abajo para moverse, Intro para presionar, y la tecla Ayuda o F1 para pedir ayuda.
speech-keys-help = Arriba y Abajo recorren todo lo que hay en la pantalla. Arriba desde el inicio va al final. Intro presiona lo que está escuchando. Izquierda y Derecha van a la página anterior y a la siguiente. La R lo dice otra vez. Más y menos suben o bajan el volumen. Los corchetes hacen la voz más lenta o más rápida. Escape detiene la voz. La P hace una pausa, y otra vez la P sigue. La tecla Ayuda, o F1, dice esto otra vez. Para cambiar el idioma, presione Arriba hasta oír su nombre, y luego Intro. En la pantalla táctil, toque una vez para oír algo, y toque dos veces rápido para presionarlo.
speech-welcome-hint = Presione Abajo para oír la pantalla, y luego Intro para empezar.
speech-down-hint = Presione Abajo para oír lo que hay aquí.
speech-keep-reading-hint = Presione Intro para seguir leyendo.
speech-nothing-focused = Presione Abajo para ir a lo primero de la pantalla.
speech-no-page = Aquí no hay otra página. Presione Abajo para recorrer la pantalla.
speech-top = Inicio de la pantalla.
speech-button = botón
speech-check-box = casilla
speech-ticked = marcada
speech-not-ticked = sin marcar
speech-on-state = activado
speech-off-state = desactivado
speech-selected = elegida
speech-picture = Imagen
speech-pin-key = Tecla de número
speech-digit-entered = Número ingresado.
speech-digit-removed = Número borrado.
speech-faster = Más rápido.
speech-slower = Más lento.
speech-louder = Más alto.
speech-quieter = Más bajo.
speech-limit = No se puede más.
# Se dice en este idioma a quien oye otro: cómo pasar a este.
speech-switch-hint = Para español, presione Arriba hasta oír Español, y luego Intro.
speech-off = La voz está desactivada. Presione cualquier tecla del teclado para activarla otra vez.
speech-starting-over = Empezamos de nuevo. Todo lo que eligió se borró. Presione cualquier tecla para oír el quiosco otra vez.
speech-paused = En pausa. Presione la P para seguir.
# El tipo de un recuadro de la página, dicho antes de su título.
speech-urgent = Importante
speech-tip = Consejo
speech-note = Dato útil
speech-remember = Recuerde
# $n es cuántos temas muestra la cuadrícula.
speech-topics =
    { $n ->
        [one] { $n } tema. Presione Abajo para oírlo.
       *[other] { $n } temas. Presione Abajo para oírlos.
    }
# $n es el número de un paso en una lista de pasos.
speech-step = Paso { $n }

## Ayuda con el idioma (los avisos están en content/language-help/languages.toml)

language-help = Ayuda con el idioma
language-help-intro = Ayuda gratis en su idioma. Toque su idioma y muestre la tarjeta en la recepción.
interpreter-card = Tarjeta para pedir intérprete
language-help-none = Pida ayuda en su idioma en la recepción.
interpreter-cards-shown = Tarjetas de intérprete mostradas
