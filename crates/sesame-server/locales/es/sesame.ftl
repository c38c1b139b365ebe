# Páginas web de Sesame, en español.

skip-to-content = Ir al contenido
nav-label = Principal
nav-profile = Perfil
nav-sign-in = Iniciar sesión
nav-sign-out = Cerrar sesión
footer-text = Restablecimiento de contraseña por autoservicio y verificación de identidad

signin-title = Iniciar sesión
signin-intro = Inicie sesión para gestionar cómo verifica su identidad.
signin-username = Nombre de usuario
signin-password = Contraseña
signin-submit = Iniciar sesión
signin-failed = El nombre de usuario o la contraseña no son correctos.
signin-locked = Demasiados inicios de sesión fallidos. Vuelva a intentarlo más tarde.
signin-busy = El servidor está ocupado. Vuelva a intentarlo en un momento.
signin-signed-out = Ha cerrado la sesión.
signin-expired = Su sesión ha terminado. Vuelva a iniciar sesión.

profile-title = Su perfil
profile-greeting = Hola, { $name }.
profile-details = Sus datos
field-username = Nombre de usuario
field-display-name = Nombre
field-email = Correo electrónico
field-phone = Número de teléfono
field-employee-id = Número de empleado
field-language = Idioma
language-en = Inglés
language-de = Alemán
language-es = Español
field-groups = Grupos
value-none = Sin indicar
profile-phone = Por teléfono
profile-phone-usable = Cuando llame, un asistente de voz puede comprobar quién es usted con:
profile-phone-none = Todavía no puede demostrar quién es por teléfono.
profile-phone-missing = Configure lo siguiente para usarlo cuando llame:
password-change-title = Cambiar su contraseña
password-current = Contraseña actual
password-change-submit = Cambiar la contraseña
password-changed = Su contraseña se ha cambiado. Se han cerrado todas las demás sesiones.
error-password-current_wrong = La contraseña actual no es correcta.
error-auth-locked = Demasiadas contraseñas incorrectas. Vuelva a intentarlo dentro de { $wait }.
profile-enrollments = Sus verificaciones
enrollments-intro = Las verificaciones que ha configurado para demostrar quién es.
enrollments-none = Todavía no ha configurado ninguna verificación.
enrollments-verification = Verificación
enrollments-state = Estado
enrollments-updated = Último cambio
enrollment-state-pending = Pendiente
enrollment-state-active = Activa

error-not-found-title = Página no encontrada
error-not-found-text = No hay ninguna página en esta dirección.
error-form-expired = El formulario ha caducado. Vuelva a intentarlo.
error-title = Algo ha salido mal
error-text = No se ha podido completar la solicitud. Vuelva a intentarlo más tarde.

nav-soft-pin = Soft PIN
profile-soft-pin = Soft PIN
verification-soft_pin = Soft PIN
soft-pin-none = Todavía no ha definido un Soft PIN. Con un Soft PIN puede confirmar quién es cuando llame.
soft-pin-set-on = Definido el { $date }.
soft-pin-expires-on = Válido hasta el { $date }.
soft-pin-never-expires = No caduca.
soft-pin-expires-soon = { $days ->
    [one] Su Soft PIN caduca en un día. Cámbielo, por favor.
   *[other] Su Soft PIN caduca en { $days } días. Cámbielo, por favor.
}
soft-pin-expired = Su Soft PIN ha caducado. Defina uno nuevo para seguir usándolo.
soft-pin-saved = Su Soft PIN se ha guardado.
soft-pin-title-enroll = Configurar el Soft PIN
soft-pin-title-change = Cambiar el Soft PIN
soft-pin-intro = Un Soft PIN es un número de seis dígitos que usted indica cuando llama, con el teclado o de viva voz, para confirmar quién es.
soft-pin-rules-heading = Su Soft PIN debe
soft-pin-rule-length = tener exactamente seis dígitos;
soft-pin-rule-repetition = no repetir un dígito más de dos veces seguidas (no 111234);
soft-pin-rule-sequence = no contener tres dígitos seguidos en orden ascendente o descendente (no 123 ni 987);
soft-pin-rule-history = ser distinto de sus últimos { $depth } Soft PIN.
soft-pin-field = Nuevo Soft PIN
soft-pin-confirm-field = Repita el nuevo Soft PIN
soft-pin-submit = Guardar el Soft PIN
soft-pin-cancel = Volver a su perfil
soft-pin-errors-heading = Elija otro Soft PIN, por favor:
soft-pin-error-length = Debe tener exactamente seis dígitos del 0 al 9.
soft-pin-error-repetition = Un dígito aparece más de dos veces seguidas.
soft-pin-error-sequence = Contiene tres dígitos que suben o bajan de uno en uno.
soft-pin-error-history = Es igual a uno de sus últimos { $depth } Soft PIN.
soft-pin-error-mismatch = Las dos entradas no coinciden.
soft-pin-unavailable = El registro del Soft PIN no está disponible en este momento. Para más información, póngase en contacto con su administrador.

email-code-subject = Su código de verificación de { $product }
email-code-body =
    Su código de verificación es { $code }.

    Caduca en { $minutes } minutos. Si no ha pedido este código, puede ignorar este mensaje.
sms-code-body = Código de { $product }: { $code }. Caduca en { $minutes } minutos.
assist-sms-body = Código de { $product }: { $code }. Díctelo al agente del servicio de asistencia que se lo pidió. Caduca en { $minutes } minutos.

profile-codes = Formas de demostrar quién es
profile-codes-intro = Configure códigos de un solo uso por correo electrónico o SMS, una aplicación de autenticación o preguntas de seguridad.
enrollment-active = Su registro está activo.
enrollment-removed = Se ha eliminado el registro.
enrollments-destination = Enviado a
verification-email = Códigos por correo electrónico
verification-sms = Códigos por SMS
codes-title-email = Correo electrónico para los códigos
codes-title-sms = Número de móvil para los códigos
codes-current = Registrado actualmente
codes-none = Todavía no hay nada registrado.
codes-active = Los códigos se envían a { $destination }.
codes-pending = Se ha verificado { $destination }. Pulse Guardar para recibir allí los códigos.
codes-remove = Eliminar
codes-remove-confirm = ¿Eliminar esta verificación? Hasta que la configure de nuevo, no podrá usarla para demostrar quién es.
codes-remove-yes = Sí, eliminarla
codes-submit = Guardar
codes-step-send = 1. Pedir un código
codes-address-email = Correo electrónico
codes-address-sms = Número de móvil en formato internacional
codes-send = Enviar el código
codes-step-enter = 2. Introducir el código
codes-code = Código
codes-confirm = Confirmar
codes-sent = Hemos enviado un código a { $destination }.
codes-verified = El código es correcto. Pulse Guardar para terminar.
error-code-invalid = El código no es correcto. Compruébelo y vuelva a intentarlo.
error-code-expired = El código ha caducado. Pida uno nuevo.
error-code-too_many_attempts = El código se ha introducido mal demasiadas veces. Pida uno nuevo.
error-code-resend_too_soon = Se acaba de enviar un código. Puede pedir otro dentro de { $wait }.
error-code-daily_limit = Hoy se han enviado demasiados códigos. Vuelva a intentarlo dentro de { $wait }.
error-delivery-unavailable = Ahora mismo no se pueden enviar códigos. Póngase en contacto con su administrador.
error-user-email_invalid = La dirección de correo electrónico no es válida.
error-user-phone_invalid = Introduzca el número en formato internacional, por ejemplo +34912345678.

notice-soft-pin-changed-subject = Su Soft PIN de { $product } se ha cambiado
notice-soft-pin-changed-body =
    Su Soft PIN se definió o se cambió el { $date } (UTC).

    Si no fue usted, llame de inmediato a su servicio de asistencia.

authenticator-title = Aplicación de autenticación
authenticator-intro = Use una aplicación de autenticación en su teléfono para generar códigos que demuestran quién es.
authenticator-active = Su aplicación de autenticación está configurada.
authenticator-start = Configurar una aplicación de autenticación
authenticator-restart = Volver a configurar con una clave nueva
authenticator-scan = Escanee este código con su aplicación
authenticator-qr-caption = El código QR contiene su clave nueva. No lo comparta.
authenticator-manual = ¿No puede escanear el código?
authenticator-manual-key = Escriba esta clave en su aplicación (basada en tiempo):
authenticator-copy = Copiar la clave
authenticator-open-app = Abrir en una aplicación de autenticación de este dispositivo
authenticator-code = El código de { $digits } dígitos que muestra ahora su aplicación
authenticator-confirm = Confirmar
verification-authenticator = Aplicación de autenticación
error-authenticator-invalid_code = El código no es correcto. Compruebe la hora de su teléfono y pruebe con el código que muestra ahora su aplicación.
error-authenticator-locked = Demasiados códigos incorrectos. Vuelva a intentarlo dentro de { $wait }.

questions-title = Preguntas de seguridad
questions-intro = Elija { $count } preguntas y responda a cada una. Para comprobar quién es, se le harán algunas de ellas. En las respuestas no cuentan las mayúsculas y minúsculas ni los espacios de más.
questions-enrolled = Ha respondido a { $count } preguntas. Si vuelve a guardar, se sustituyen.
questions-number = Pregunta { $number }
questions-question = Pregunta
questions-answer = Su respuesta
questions-save = Guardar las respuestas
verification-qa = Preguntas de seguridad
verification-enter_username = Nombre de usuario
verification-confirm_email = Correo electrónico registrado
error-questions-count = Responda a todas las preguntas.
error-questions-unknown = Una de las preguntas ya no se puede elegir.
error-questions-repeated = Elija cada pregunta una sola vez.
error-questions-answer_too_short = Una respuesta es demasiado corta.
error-questions-answers_repeated = Dé una respuesta distinta a cada pregunta.
error-auth-reauthentication_required = Para eliminar una verificación, primero cierre la sesión y vuelva a iniciarla.

notice-soft-pin-expiring-subject = Su Soft PIN de { $product } caduca pronto
notice-soft-pin-expiring-body =
    Su Soft PIN, con el que demuestra quién es cuando llama, caduca pronto.

    Inicie sesión en { $product } y defina uno nuevo en su página de perfil para seguir usándolo.

notice-password-reset-subject = Su contraseña de { $product } se ha restablecido
notice-password-reset-body =
    Su contraseña se restableció el { $date } (UTC) y se cerraron todas las sesiones.

    Si no fue usted, llame de inmediato a su servicio de asistencia.

notice-password-changed-subject = Su contraseña de { $product } se ha cambiado
notice-password-changed-body =
    Su contraseña se cambió el { $date } (UTC) y se cerraron todas las demás sesiones.

    Si no fue usted, llame de inmediato a su servicio de asistencia.

notice-account-unlocked-subject = Su cuenta de { $product } se ha desbloqueado
notice-account-unlocked-body =
    Su cuenta se desbloqueó el { $date } (UTC).

    Si no fue usted, llame de inmediato a su servicio de asistencia.

generated-password-subject = Su nueva contraseña de { $product }
generated-password-body =
    Su nueva contraseña es: { $password }

    Inicie sesión con ella y manténgala en secreto.

signin-forgot = ¿Ha olvidado su contraseña?
reset-title = Restablecer su contraseña
reset-intro = Demuestre quién es con las verificaciones que ha configurado y después elija una contraseña nueva.
reset-unavailable = El restablecimiento de contraseña por autoservicio no está disponible. Póngase en contacto con su servicio de asistencia.
reset-process = ¿Qué desea restablecer?
reset-identifier-username = Nombre de usuario
reset-identifier-email = Correo electrónico
reset-identifier-either = Nombre de usuario o correo electrónico
reset-continue = Continuar
reset-back-to-signin = Volver al inicio de sesión
reset-ended-expired = Su solicitud de restablecimiento ha caducado. Vuelva a empezar, por favor.
reset-ended-failed = Una verificación ha fallado, así que esa solicitud de restablecimiento ha terminado. Puede volver a empezar.
reset-ended-finished = Esa solicitud de restablecimiento ya está completada.
reset-ended-missing = Empiece por decirnos quién es.
reset-verify-title = Verifique su identidad
reset-remaining = { $count ->
    [one] Supere una de las verificaciones siguientes. Si no tiene configurada alguna de ellas, elija otra.
   *[other] Supere { $count } más de las verificaciones siguientes. Si no tiene configurada alguna de ellas, elija otra.
}
reset-verified = Ha superado las verificaciones.
reset-mandatory = (obligatoria)
reset-passed = Superada.
reset-send-code = Enviarme un código
reset-send-again = Enviar un código nuevo
reset-code-sent = Si registró una dirección o un número para esto, recibirá un código. Introdúzcalo aquí.
reset-check = Comprobar
reset-ask-questions = Responder a mis preguntas de seguridad
reset-authenticator-code = El código que muestra su aplicación de autenticación
reset-soft-pin = Su Soft PIN
reset-confirm-email = Su correo electrónico
reset-enter-username = Su nombre de usuario
reset-start-over = Volver a empezar
reset-failed-title = La verificación ha fallado
reset-failed-text = Esa respuesta no era correcta y no le quedan intentos, así que esta solicitud de restablecimiento ha terminado. Puede volver a empezar; tras varias solicitudes fallidas, el restablecimiento por autoservicio se bloquea durante un día.
reset-wrong = { $tries ->
    [one] Esa respuesta no era correcta. Le queda un intento; si vuelve a fallar, esta solicitud termina.
   *[other] Esa respuesta no era correcta. Le quedan { $tries } intentos; tras el último, esta solicitud termina.
}
reset-block-warning = Tras { $requests } solicitudes fallidas, el restablecimiento por autoservicio se bloquea durante { $wait }.
help-desk-contact = Si no puede continuar, su servicio de asistencia puede ayudarle: { $contact }
reset-finish-title = Elija qué desea hacer
reset-new-password = Contraseña nueva
reset-password-rules = Al menos { $min } caracteres. Unas cuantas palabras sin relación entre sí forman una contraseña segura; no debe contener su nombre ni ser una que haya usado hace poco.
reset-confirm-password = Repita la contraseña nueva
reset-set-password = Establecer la contraseña nueva
reset-password-problems = No se ha aceptado la contraseña nueva:
reset-passwords-differ = Las dos contraseñas no coinciden.
reset-generated-intro = Se generará una contraseña nueva para usted.
reset-generate = Generar mi contraseña nueva
reset-unlock-title = Desbloquear su cuenta
reset-unlock-intro = Si su cuenta está bloqueada por demasiadas contraseñas incorrectas, puede desbloquearla y conservar su contraseña.
reset-unlock = Desbloquear mi cuenta
reset-strength-0 = Seguridad: muy débil
reset-strength-1 = Seguridad: débil
reset-strength-2 = Seguridad: aceptable
reset-strength-3 = Seguridad: fuerte
reset-strength-4 = Seguridad: muy fuerte
reset-done-title = Contraseña cambiada
reset-done = Su contraseña se ha cambiado y se han cerrado todas las sesiones. Inicie sesión con su contraseña nueva.
reset-done-generated = Su contraseña nueva aparece abajo. Solo se muestra esta vez.
reset-generated-once = Anótela o guárdela ahora en un gestor de contraseñas; no volverá a verla.
reset-done-sent-email = Su contraseña nueva se ha enviado a su correo electrónico.
reset-done-sent-sms = Su contraseña nueva se ha enviado a su teléfono.
reset-unlocked = Su cuenta está desbloqueada. Puede iniciar sesión con su contraseña.
reset-go-signin = Ir al inicio de sesión
captcha-intro = Antes de continuar, su navegador hace un breve cálculo que demuestra que es un navegador y no un programa que prueba nombres por millares. Tarda alrededor de un segundo y usted no tiene que hacer nada.
captcha-progress = Progreso de la comprobación del navegador
captcha-working = Su navegador está haciendo la comprobación…
captcha-done = La comprobación ha terminado. Puede continuar.
captcha-waiting = La comprobación está a punto de terminar; su solicitud se enviará en cuanto termine.
captcha-failed = La comprobación no pudo ejecutarse en este navegador. Vuelva a cargar la página o use otro navegador.
captcha-noscript = Este paso necesita JavaScript, que está desactivado en este navegador. Active JavaScript y vuelva a cargar la página, o use otro navegador. Sin JavaScript, su servicio de asistencia puede restablecer la contraseña por usted.
error-captcha-required = La comprobación del navegador no se hizo, así que su solicitud no se envió. Con JavaScript activado, espere a que termine y después continúe.
error-captcha-invalid = La comprobación del navegador no era válida (quizá caducó). Se está repitiendo ahora; continúe cuando termine.
error-reset-blocked = Demasiadas solicitudes de restablecimiento fallidas. El restablecimiento por autoservicio está bloqueado; vuelva a intentarlo dentro de { $wait }, o su servicio de asistencia puede ayudarle antes.
error-reset-identifier = Introduzca su nombre de usuario o su correo electrónico.
error-process-not_found = Este restablecimiento no está disponible.
error-verification-locked = Esta verificación está bloqueada tras demasiados fallos. Elija otra o vuelva a intentarlo dentro de { $wait }.
error-directory-unavailable = Ahora mismo no se puede acceder al directorio, así que no se ha cambiado nada. Vuelva a intentarlo más tarde.
error-directory-misconfigured = No se pueden cambiar contraseñas en el directorio hasta que un administrador corrija la conexión con él, así que no se ha cambiado nada. El servicio de asistencia puede ayudarle.
error-reset-generate_not_allowed = Elija usted mismo su contraseña nueva.
error-password-too_short = La contraseña es demasiado corta.
error-password-too_long = La contraseña es demasiado larga.
error-password-too_weak = La contraseña es demasiado fácil de adivinar. Use una frase más larga de palabras sin relación entre sí.
error-password-contains_identity = La contraseña no debe contener su nombre de usuario ni su correo electrónico.
error-password-reused = Ha usado esta contraseña hace poco. Elija una nueva.

nav-desk = Servicio de asistencia
desk-title = Servicio de asistencia
desk-lookup = Buscar a quien llama
desk-lookup-label = Nombre de usuario, correo electrónico, teléfono o número de empleado
desk-find = Buscar
desk-no-user = Ningún usuario coincide con { $name }. Pruebe con el nombre de usuario, el correo electrónico, el número de teléfono (+34…) o el número de empleado.
desk-candidates = Nadie coincide exactamente. Quizás busca a:
desk-status-active = La cuenta está activa.
desk-status-disabled = La cuenta está desactivada.
desk-no-locks = No hay ningún bloqueo vigente.
desk-locks = Bloqueos vigentes
desk-locked-until = hasta el { $time } UTC
desk-unlock-user = Levantar todos los bloqueos
desk-lock-signin = Inicio de sesión
desk-lock-reset = Restablecimiento por autoservicio
desk-lock-assist = Códigos por SMS para quien llama
desk-lock-phone = Por teléfono: { $name }
desk-wrong = { $tries ->
    [one] La respuesta era incorrecta. Una respuesta incorrecta más termina esta solicitud.
   *[other] La respuesta era incorrecta. { $tries } respuestas incorrectas más terminan esta solicitud.
}
desk-step-verify-title = Verificar a quien llama
desk-step-remaining = { $count ->
    [one] Quien llama debe superar una de las verificaciones siguientes. Si no tiene configurada alguna, elija otra.
   *[other] Quien llama debe superar { $count } más de las verificaciones siguientes. Si no tiene configurada alguna, elija otra.
}
desk-step-verified = Quien llama ha superado las verificaciones.
desk-step-send-code = Enviar un código a quien llama
desk-step-send-again = Enviar un código nuevo
desk-step-code-sent = Si quien llama configuró una dirección o un número para esto, hay un código en camino. Introduzca lo que le lea.
desk-step-ask-questions = Hacer las preguntas de seguridad
desk-step-authenticator-code = El código que muestra la aplicación de autenticación de quien llama
desk-step-soft-pin = El Soft PIN de quien llama
desk-step-confirm-email = El correo electrónico de quien llama
desk-step-enter-username = El nombre de usuario de quien llama
desk-enrollments = Verificaciones configuradas
desk-no-enrollments = Este usuario no ha configurado ninguna verificación.
desk-no-process = Ningún proceso de restablecimiento se aplica a este usuario.
desk-start = Iniciar una solicitud de restablecimiento
desk-helping = Está verificando a { $name }. Pida cada respuesta a quien llama; no lea los códigos en voz alta.
desk-code-sent = Se ha enviado un código a la dirección o al número registrados de quien llama. Pídale que se lo lea.
desk-reset = Restablecer con una contraseña generada
desk-reset-done = La contraseña se ha restablecido. Lea la contraseña nueva una sola vez a quien llama; debe cambiarla después de iniciar sesión.
desk-unlocked = La cuenta está desbloqueada.
desk-next-caller = Siguiente llamada
desk-sms-title = Verificar por SMS a quien llama
desk-sms-intro = Envíe un código al teléfono de quien llama y pídale que se lo lea. Nunca lea usted un código en voz alta.
desk-sms-send = Enviar un código
desk-sms-resend = Enviar un código nuevo
desk-sms-sent = Se ha enviado un código al { $number }.
desk-sms-code = Código que lee quien llama
desk-sms-check = Comprobar
desk-sms-valid = El código es correcto: quien llama tiene el teléfono registrado.
desk-sms-invalid = { $retries ->
    [0] El código es incorrecto y no quedan intentos en esta conversación.
    [one] El código es incorrecto. Queda un intento más en esta conversación.
   *[other] El código es incorrecto. Quedan { $retries } intentos más en esta conversación.
}
error-desk-failed = La respuesta no era correcta, así que esta solicitud ha terminado. Inicie una nueva si quien llama lo vuelve a intentar.
error-assist-no_phone = Este usuario no tiene ningún número de teléfono registrado, así que no se ha enviado ningún código.
error-assist-user_locked = Demasiados códigos incorrectos para este usuario. Desbloquéelo antes de enviar otro.
error-assist-rate_limited = Se han enviado demasiados códigos en el último minuto. Vuelva a intentarlo dentro de { $wait }.
error-assist-retries_exhausted = Esta conversación ha agotado sus intentos. En ella ya no se puede verificar por SMS a quien llama.
error-reset-not_in_process = Este usuario está desactivado o no pertenece a los grupos de este proceso.
error-api_key-not_found = Esta clave de API no existe o ya fue revocada.
error-assist-code_not_found = Este código de quien llama ya no se conoce. Envíe uno nuevo.
error-assist-conversation_invalid = La conversación no es válida. Vuelva a buscar a quien llama.
error-code_params-length = Un código tiene de 4 a 10 dígitos.
error-code_params-expiry_minutes = Un código dura de 1 a 60 minutos.
error-code_params-resend_cooldown_seconds = La espera antes de otro código es de 0 a 3600 segundos.
error-code_params-daily_limit = El límite diario es de 1 a 100 códigos.
error-code_params-max_attempts = Un código se puede intentar de 1 a 10 veces.
error-conflict = Esto ya existe.
error-credentials-not_listable = El almacén de contraseñas propio de Sesame no tiene usuarios que copiar.
error-database-unavailable = La base de datos no responde. Vuelva a intentarlo dentro de { $wait }.
error-directory-no_such_user = El directorio no tiene ninguna cuenta suya. Consulte al servicio de asistencia.
error-directory-refused = El directorio rechazó la nueva contraseña: { $detail }
error-directory-unconfigured = No hay ningún directorio configurado, así que esto no es posible. Póngase en contacto con su administrador.
error-enrollment-check_failed = Esta dirección o número no se puede configurar aquí. Se permite: { $detail }.
error-enrollment-not_pending = No hay nada pendiente de confirmar. Vuelva a empezar la configuración.
error-property-out_of_range = El valor está fuera de lo que admite el ajuste.
error-property-unknown = Ese ajuste no existe.
error-property-wrong_type = El valor no es del tipo que admite el ajuste.
error-question-not_found = Esta pregunta no existe.
error-questions-enroll_count = Los usuarios responden de 1 a 10 preguntas al configurarlas.
error-questions-min_answer_length = La respuesta más corta permitida tiene de 1 a 20 caracteres.
error-questions-verify_count = Se hacen al menos una pregunta y como mucho tantas como responden los usuarios.
error-report-period = El primer día debe ser anterior al último.
error-reset-expired = La solicitud de restablecimiento ha caducado. Vuelva a empezar.
error-reset-failed = Esta solicitud de restablecimiento terminó tras demasiadas respuestas incorrectas.
error-reset-finished = Esta solicitud de restablecimiento ya ha terminado.
error-reset-no_destination = No hay ninguna dirección de correo ni número de teléfono al que enviar la nueva contraseña. Consulte al servicio de asistencia.
error-reset-not_found = Aquí no hay ninguna solicitud de restablecimiento. Vuelva a empezar.
error-reset-not_started = Empiece primero esta verificación.
error-reset-not_verified = Supere primero las verificaciones.
error-reset-password_generated = Este restablecimiento crea la nueva contraseña por usted.
error-reset-unlock_not_allowed = Este restablecimiento no puede desbloquear cuentas.
error-reset-not_enrolled = Quien llama no tiene configurada ninguna dirección ni número para esto, así que no se envió nada. Elija otra verificación.
error-server-busy = El servidor está ocupado. Vuelva a intentarlo dentro de { $wait }.
error-totp-digits = Los códigos tienen 6 u 8 dígitos.
error-totp-drift_steps = El desfase permitido es de 0 a 2 pasos.
error-totp-step_seconds = Un código cambia cada 15 a 120 segundos.
error-user-not_found = Ese usuario no existe.
error-user-status_invalid = Un usuario está activo o desactivado.
error-verification-allowed_country_codes = Los prefijos de país tienen la forma +34 o +44.
error-verification-allowed_domains = Los dominios tienen la forma example.com.
error-verification-answer_form = Esta respuesta no corresponde a la verificación. Vuelva a intentarlo.
error-verification-not_found = Esta verificación no existe o está desactivada.
error-verification-not_in_process = Esta verificación no forma parte de este restablecimiento.
error-voice_service-not_found = Este servicio de voz no existe.
wait-seconds = { $count ->
    [one] un segundo
   *[other] { $count } segundos
}
wait-minutes = { $count ->
    [one] un minuto
   *[other] { $count } minutos
}
wait-hours = { $count ->
    [one] una hora
   *[other] { $count } horas
}
error-rate-limited-title = Demasiados intentos
error-rate-limited-text = Llegaron demasiados intentos desde su red. Vuelva a intentarlo dentro de { $seconds } segundos.
error-control-characters = El formulario contiene caracteres no permitidos, como caracteres de control.
error-questions-answer_invalid = Una respuesta puede tener como máximo 200 caracteres y ningún carácter de control.

nav-admin = Administración
admin-title = Administración
admin-intro = Gestione usuarios, procesos de restablecimiento de contraseña, ajustes y claves de API, y consulte el registro de actividad y los informes.
admin-sections = Secciones de la administración
admin-overview = Resumen
admin-users = Usuarios
admin-processes = Procesos de restablecimiento
admin-properties = Configuración
admin-api-keys = Claves de API
admin-audit = Registro de actividad
admin-reports = Informes
admin-overview-users = { $count ->
    [one] Un usuario.
   *[other] { $count } usuarios.
}
admin-overview-processes = { $count ->
    [one] Un proceso; activos: { $active }.
   *[other] { $count } procesos; activos: { $active }.
}
admin-overview-properties = Ajustes de funcionamiento como bloqueos, duraciones y el nombre del producto.
admin-overview-api-keys = { $count ->
    [one] Una clave activa.
   *[other] { $count } claves activas.
}
admin-overview-audit = Quién hizo qué y cuándo.
admin-overview-reports = Solicitudes de restablecimiento, verificaciones fallidas, registros y llamadas a lo largo del tiempo.
admin-overview-outbox-failed = { $count ->
    [one] Un mensaje no se ha podido entregar.
   *[other] { $count } mensajes no se han podido entregar.
}
admin-overview-voice = { $count ->
    [0] Todavía no hay ningún servicio de voz.
    [one] Un servicio de voz.
   *[other] { $count } servicios de voz.
}
admin-overview-blocked-alert = En los últimos { $minutes } minutos se bloqueó a { $count } usuarios del restablecimiento por autoservicio, más de lo habitual: puede que alguien esté adivinando.
admin-overview-blocked-see = Ver los bloqueos
admin-save = Guardar
admin-yes = Sí
admin-no = No
admin-empty = (vacío)
admin-active = Activo
admin-inactive = Inactivo
admin-created = Creado
admin-since = Desde
admin-until = Hasta
admin-csv = Descargar CSV
admin-pages = Páginas
admin-previous = Página anterior
admin-next = Página siguiente
admin-page-of = Página { $page } de { $pages }
admin-page = Página { $page }
admin-users-none = Ningún nombre, nombre de usuario, correo electrónico, número de teléfono o número de empleado contiene { $text }.
admin-user-search-label = Nombre, nombre de usuario, correo electrónico, teléfono o número de empleado, o una parte
admin-form-problems = Corrija los campos marcados, por favor.
admin-whole-number = Introduzca un número entero.
admin-date-invalid = Introduzca una fecha como 2026-01-31.
admin-id-hint = De 1 a 40 letras minúsculas, dígitos, - y _. No se puede cambiar después.
admin-groups-hint = Separe los grupos con comas.
admin-phone-hint = En formato internacional, por ejemplo +34912345678.
admin-language-hint = Una etiqueta de idioma como es o en.
admin-notice-user-created = Se ha creado el usuario.
admin-notice-user-saved = Se han guardado los cambios.
admin-notice-user-enabled = El usuario vuelve a estar activado.
admin-notice-user-disabled = El usuario está desactivado y se han cerrado todas sus sesiones.
admin-notice-user-unlocked = Se han levantado todos los bloqueos.
admin-notice-sessions-ended = Se han cerrado todas las sesiones del usuario.
admin-notice-properties-saved = Se han guardado los ajustes.
admin-notice-properties-unchanged = No se ha cambiado nada.
admin-notice-api-key-revoked = Se ha revocado la clave. Ya no funciona.
admin-notice-process-created = Se ha creado el proceso.
admin-notice-process-saved = Se ha guardado el proceso.
admin-notice-process-deactivated = El proceso está inactivo. Las solicitudes en curso han terminado.
admin-user-search = Buscar usuarios
admin-user-new = Nuevo usuario
admin-user-create = Crear el usuario
admin-users-count = { $count ->
    [one] Un usuario en total.
   *[other] { $count } usuarios en total.
}
admin-user-status = Estado
admin-status-active = Activo
admin-status-disabled = Desactivado
admin-user-source = Gestionado en
admin-source-local = Sesame
admin-source-ldap = El directorio (LDAP)
admin-user-password = Contraseña en Sesame
admin-user-actions = Cuenta
admin-user-disable = Desactivar este usuario
admin-user-disable-confirm = Un usuario desactivado no puede iniciar sesión ni restablecer su contraseña, y todas sus sesiones se cierran de inmediato.
admin-user-enable = Activar este usuario
admin-user-end-sessions = Cerrar todas las sesiones
admin-user-end-sessions-confirm = Todas las sesiones de este usuario terminan de inmediato, en todos los dispositivos.
admin-user-edit = Cambiar el perfil
admin-initial-password = Contraseña inicial
admin-initial-password-hint = Opcional. Debe cumplir la política de contraseñas.
admin-back-to-users = Volver a los usuarios
admin-import = Importar usuarios
admin-import-intro = Suba un archivo CSV con una línea de encabezado, o un archivo con un objeto JSON por línea, con estas columnas o claves (en CSV, los grupos se separan con ;). Primero se comprueban todas las líneas; si alguna tiene un problema, no se importa nada.
admin-import-file = Archivo (CSV o líneas JSON)
admin-import-submit = Importar
admin-import-done = { $count ->
    [one] Se ha importado un usuario.
   *[other] Se han importado { $count } usuarios.
}
admin-import-refused = { $count ->
    [one] No se ha importado nada. Corrija este problema y vuelva a subir el archivo:
   *[other] No se ha importado nada. Corrija estos { $count } problemas y vuelva a subir el archivo:
}
admin-import-first = Abajo se enumeran los primeros { $shown }, por línea.
admin-import-line = Línea
admin-import-problem = Problema
admin-import-no-file = Elija un archivo para importar.
admin-import-not-text = El archivo no es texto en UTF-8.
admin-properties-intro = Los cambios se aplican de inmediato en este servidor y en menos de dos segundos en los demás.
admin-properties-partly-saved = { $count ->
    [one] Se ha guardado un cambio; los demás, abajo, no.
   *[other] Se han guardado { $count } cambios; los demás, abajo, no.
}
admin-property-default = Valor predeterminado: { $value }
admin-property-yes-no = Sí o no
admin-property-range = Un número entero de { $min } a { $max }
admin-property-range-or-off = 0 (desactivado) o un número entero de { $min } a { $max }
admin-property-length = Texto de { $max } caracteres como máximo
admin-property-takes = Este ajuste admite: { $range }.
admin-property-too-long = Use como máximo { $max } caracteres, sin saltos de línea.
admin-property-group-admin = Administración
admin-property-group-assist = Códigos por SMS para quien llama
admin-property-group-audit = Registro de actividad
admin-property-group-authenticator = Aplicaciones de autenticación
admin-property-group-captcha = CAPTCHA
admin-property-group-help_desk = Contacto de asistencia
admin-property-group-limits = Límites de solicitudes
admin-property-group-password_reset = Restablecimiento de contraseña
admin-property-group-service_desk = Servicio de asistencia
admin-property-group-session = Sesiones
admin-property-group-signin = Inicio de sesión
admin-property-group-soft_pin = Soft PIN
admin-property-group-voice = Asistentes de voz
admin-property-group-web = Páginas web
property-admin-group = Los miembros de este grupo que inician sesión son administradores, en estas páginas y con su sesión en la API.
property-admin-alert_blocked_users = Si se bloquea a más usuarios que estos del restablecimiento por autoservicio dentro de la ventana de la alerta, se da una alerta: un aviso en la vista general de la administración y un registro de auditoría.
property-admin-alert_window_minutes = La ventana, en minutos, en la que se cuentan los usuarios bloqueados para la alerta.
property-assist-agent_per_minute = Códigos para quien llama que un agente del servicio de asistencia puede enviar en cualquier minuto.
property-assist-code_length = Dígitos de un código para quien llama.
property-assist-expiry_minutes = Minutos que un código para quien llama sigue siendo válido.
property-assist-lockout_minutes = Minutos durante los que un usuario no recibe códigos para quien llama tras demasiados códigos incorrectos, salvo que se le desbloquee antes.
property-assist-max_user_failures = Códigos incorrectos seguidos, en todas las conversaciones, que bloquean al usuario.
property-assist-resend_cooldown_seconds = Segundos antes de otro código para quien llama en la misma conversación.
property-assist-retries_per_conversation = Códigos incorrectos que se pueden comprobar en una conversación.
property-assist-total_per_minute = Códigos para quien llama que todos los agentes juntos pueden enviar en cualquier minuto.
property-audit-retention_days = Días que se conserva una entrada del registro de actividad.
property-authenticator-lockout_minutes = Minutos que las comprobaciones con la aplicación de autenticación quedan bloqueadas tras demasiados códigos incorrectos.
property-authenticator-max_failures = Códigos incorrectos seguidos de la aplicación de autenticación que bloquean esas comprobaciones.
property-captcha-max_number = El número más alto que una prueba CAPTCHA pide buscar al navegador. Un navegador prueba de media la mitad, a unos 100.000 por segundo: el valor predeterminado, 200.000, tarda alrededor de un segundo.
property-help_desk-contact = Cómo contactar con el servicio de asistencia; se muestra donde el autoservicio no puede continuar. Si está vacío, no se muestra nada.
property-limits-captcha_per_minute = Pruebas CAPTCHA que una dirección de cliente puede pedir en un minuto, contadas en cada servidor.
property-limits-codes_per_client_daily = Códigos por correo y SMS del restablecimiento por autoservicio que una dirección de cliente puede pedir en 24 horas, para todas las identidades juntas, contados en la base de datos. El límite diario de cada identidad también se cuenta allí por dirección de cliente, de modo que nadie más pueda agotarlo.
property-limits-identify_per_minute = Solicitudes de restablecimiento que una dirección de cliente puede iniciar en un minuto, en la API y en las páginas, contadas en cada servidor.
property-limits-phone_per_minute = Solicitudes al webhook de un proveedor de telefonía (una por cada paso de una llamada) que una dirección de cliente puede hacer en un minuto, contadas en cada servidor.
property-limits-reset_steps_per_minute = Pasos de las solicitudes de restablecimiento (verificaciones, respuestas, contraseñas nuevas, desbloqueos) que una dirección de cliente puede dar en un minuto, contados en cada servidor.
property-limits-signin_per_minute = Inicios de sesión que una dirección de cliente puede intentar en un minuto, en la API y en las páginas, contados en cada servidor.
property-limits-strength_per_minute = Comprobaciones de la fortaleza de una contraseña mientras se escribe que una dirección de cliente puede pedir en un minuto, contadas en cada servidor.
property-password_reset-block_minutes = Minutos que un usuario queda excluido del restablecimiento por autoservicio tras demasiadas solicitudes fallidas.
property-password_reset-max_failed_requests = Solicitudes de restablecimiento fallidas que excluyen al usuario del restablecimiento por autoservicio.
property-password_reset-max_wrong_answers = Respuestas incorrectas en total tras las que una solicitud de restablecimiento falla.
property-password_reset-request_expiry_minutes = Minutos que una solicitud de restablecimiento sigue siendo utilizable.
property-service_desk-group = Los miembros de este grupo que inician sesión trabajan como agentes del servicio de asistencia.
property-session-idle_minutes = Una sesión termina tras estos minutos sin ninguna solicitud.
property-session-lifetime_minutes = Una sesión termina estos minutos después de iniciarla, esté activa o no.
property-session-reauth_minutes = Para eliminar una verificación, el inicio de sesión no puede tener más de estos minutos de antigüedad.
property-signin-lockout_minutes = Minutos que el inicio de sesión queda bloqueado para un nombre de usuario tras demasiados fallos.
property-signin-max_failures = Inicios de sesión fallidos seguidos que bloquean el inicio de sesión para ese nombre de usuario.
property-soft_pin-enrollment-enabled = Si los usuarios pueden definir o cambiar un Soft PIN. Desactivado oculta la opción; los PIN ya definidos se siguen comprobando.
property-soft_pin-expiry_days = Días que un Soft PIN sigue siendo válido después de definirlo; 0: no caduca nunca.
property-soft_pin-history_depth = Un Soft PIN nuevo debe ser distinto de este número de Soft PIN anteriores, incluido el actual.
property-soft_pin-lockout_minutes = Minutos que las comprobaciones del Soft PIN quedan bloqueadas tras demasiados fallos.
property-soft_pin-max_failures = Soft PIN incorrectos seguidos que bloquean las comprobaciones del Soft PIN.
property-soft_pin-reminder_days = Días antes de que caduque un Soft PIN a partir de los que el perfil se lo recuerda al usuario.
property-voice-authenticate-mfa_mandatory = Si los servicios de voz deben autenticar a quien llama con dos factores.
property-voice-lockout_minutes = Minutos que un factor queda bloqueado por teléfono después de que una llamada agote sus intentos.
property-voice-max_failures = Fallos de un factor que terminan una llamada y bloquean ese factor.
property-voice-session_minutes = Minutos que dura una sesión de verificación de quien llama.
property-voice-step_up-enabled = Si los servicios de voz pueden pedir un factor adicional antes de una tarea delicada.
property-voice-twilio-handoff_url = La URL de TwiML a la que la línea telefónica pasa la llamada una vez verificado quien llama, con la aserción firmada en el parámetro de consulta result; si está vacía, se informa a quien llama de que no se le puede transferir y la llamada termina.
property-web-product_name = El nombre en la cabecera de cada página.
admin-api-keys-intro = Las claves permiten que las máquinas llamen a la API: plataformas de asistentes de voz, herramientas del servicio de asistencia, automatización. Cada clave tiene un rol.
admin-api-key-new = Nueva clave de API
admin-api-key-name = Nombre
admin-api-key-name-hint = Para qué sirve la clave, por ejemplo voice-platform.
admin-api-key-role = Rol
admin-role-admin = Administrador
admin-role-service_desk = Servicio de asistencia
admin-role-orchestrator = Plataforma de asistentes de voz
admin-api-key-create = Crear la clave
admin-api-key-created = Se ha creado la clave { $name }
admin-api-key-once = Copie el token ahora. Solo se muestra esta vez; Sesame guarda únicamente un resumen criptográfico.
admin-api-keys-none = Todavía no hay claves de API.
admin-api-key-state = Estado
admin-api-key-revoke = Revocar
admin-api-key-revoke-confirm = La clave { $name } deja de funcionar de inmediato, para todos los programas que la usan.
admin-api-key-revoked = Revocada el { $time }
admin-processes-intro = Un proceso determina quién puede restablecer una contraseña, cómo se identifica, qué verificaciones debe superar y qué ocurre al final.
admin-processes-none = Todavía no hay ningún proceso de restablecimiento, así que nadie puede restablecer una contraseña.
admin-process-new = Nuevo proceso
admin-process-create = Crear el proceso
admin-process-id = Identificador
admin-process-name = Nombre
admin-process-access = Acceso
admin-process-public = Autoservicio
admin-process-desk = Solo servicio de asistencia
admin-process-state = Estado
admin-process-min = { $count ->
    [one] Superar al menos una
   *[other] Superar al menos { $count }
}
admin-process-groups = Grupos
admin-process-groups-hint = Solo los miembros de estos grupos pueden usar el proceso; vacío para todos.
admin-process-identification = Los usuarios se identifican con
admin-process-public-access = Autoservicio: cualquiera puede iniciarlo en la página pública de restablecimiento
admin-process-captcha = CAPTCHA: el navegador resuelve una prueba de cálculo antes de que empiece una solicitud de autoservicio
admin-process-verifications = Verificaciones
admin-process-unused = Sin usar
admin-process-optional = Opcional
admin-process-mandatory = Obligatoria
admin-process-mandatory-short = obligatoria
admin-process-min-verifications = Verificaciones que hay que superar, incluidas las obligatorias
admin-process-credential-store = Dónde se guarda la contraseña
admin-process-store-local = Sesame
admin-process-store-ldap = El directorio (LDAP)
admin-process-allow-unlock = Los usuarios pueden desbloquear su cuenta
admin-process-unlock-after-reset = Restablecer también desbloquea la cuenta
admin-process-auto-generate = Contraseña nueva
admin-process-generate-off = La elige el usuario
admin-process-generate-show = Generada y mostrada una vez
admin-process-generate-email = Generada y enviada por correo electrónico
admin-process-generate-sms = Generada y enviada por SMS
admin-process-policy = Política de contraseñas
admin-process-min-length = Longitud mínima de la contraseña
admin-process-max-length = Longitud máxima de la contraseña
admin-process-min-strength = Seguridad mínima (de 0 a 4)
admin-process-history = Contraseñas anteriores que no se pueden volver a usar
admin-process-active = Activo
admin-process-deactivate = Desactivar este proceso
admin-process-deactivate-confirm = Las solicitudes en curso terminan de inmediato y no se puede iniciar ninguna nueva. Puede volver a activar el proceso más tarde.
admin-back-to-processes = Volver a los procesos
admin-audit-filter = Filtrar
admin-audit-actor = Autor
admin-audit-subject = Afectado
admin-audit-action = Acción
admin-audit-result = Resultado
admin-audit-any = Cualquiera
admin-audit-apply = Aplicar
admin-audit-at = Hora (UTC)
admin-audit-detail = Detalle
admin-audit-count = { $count ->
    [one] Una entrada.
   *[other] { $count } entradas.
}
admin-result-success = Éxito
admin-result-failure = Fallo
admin-result-denied = Denegado
admin-report-period = Periodo
admin-report-show = Mostrar
admin-report-order = El primer día no puede ser posterior al último.
admin-report-too-long = Un informe abarca como máximo { $days } días.
admin-report-resets = Solicitudes de restablecimiento por día
admin-report-resets-desc = { $count ->
    [one] Una solicitud de restablecimiento en el periodo, por día y según cómo terminó.
   *[other] { $count } solicitudes de restablecimiento en el periodo, por día y según cómo terminaron.
}
admin-report-blocked = Usuarios bloqueados
admin-report-blocked-title = Usuarios excluidos del restablecimiento por autoservicio
admin-report-blocked-desc = { $count ->
    [one] Un usuario excluido del restablecimiento por autoservicio en el periodo, por día.
   *[other] { $count } usuarios excluidos del restablecimiento por autoservicio en el periodo, por día.
}
admin-report-totals = { $started } iniciadas, { $succeeded } completadas, { $failed } fallidas; { $blocked ->
    [one] un usuario excluido del restablecimiento por autoservicio.
   *[other] { $blocked } usuarios excluidos del restablecimiento por autoservicio.
}
admin-report-succeeded = Completadas
admin-report-failed = Fallidas
admin-report-unfinished = Sin terminar
admin-report-day = Día
admin-report-numbers = Mostrar las cifras
admin-report-failures = Verificaciones fallidas
admin-report-enrollments = Registros por verificación
admin-report-enrollments-now = Registros activos en este momento.
admin-report-voice = Sesiones de voz por resultado
admin-report-nothing = Nada en este periodo.
admin-voice-outcome-authenticated = Autenticada
admin-voice-outcome-failed = Fallida
admin-voice-outcome-unidentified = Sin identificar
admin-voice-outcome-abandoned = Abandonada
admin-voice-outcome-in-progress = En curso
error-user-username_invalid = Un nombre de usuario tiene de 1 a 64 caracteres: letras, dígitos y . _ - @ +, y empieza por una letra o un dígito.
error-user-display_name_invalid = Un nombre tiene como máximo 128 caracteres.
error-user-employee_id_invalid = Un número de empleado tiene de 1 a 64 letras, dígitos y - _ . /.
error-user-group_invalid = Un nombre de grupo tiene de 1 a 64 caracteres, sin comas, puntos y comas ni caracteres de control.
error-user-language_invalid = Introduzca una etiqueta de idioma como es o en.
error-user-exists = Ya existe un usuario con este nombre de usuario.
error-user-employee_id_taken = Otro usuario tiene este número de empleado.
error-process-id = El identificador tiene de 1 a 40 letras minúsculas, dígitos, - y _.
error-process-exists = Ya existe un proceso con este identificador.
error-process-name = El nombre tiene de 1 a 100 caracteres.
error-process-verifications-empty = Elija al menos una verificación.
error-process-verifications-unknown = Una verificación elegida ya no está activa.
error-process-verifications-duplicate = Una verificación se ha elegido dos veces.
error-process-verifications-module_off = El Soft PIN necesita el módulo de asistentes de voz, que está desactivado.
error-process-min_verifications-too_many = Se exige superar más verificaciones de las elegidas.
error-process-min_verifications-too_few = Hay que superar al menos una verificación, y al menos las obligatorias.
error-process-public_access-personal_data_confirmation = Una confirmación de datos personales no se puede usar en un proceso de autoservicio.
error-process-public_access-weak_verifications = Un proceso de autoservicio necesita algo más que preguntas de seguridad y datos personales.
error-process-password_policy-length = Las contraseñas tienen como mínimo 8 y como máximo 256 caracteres.
error-process-password_policy-min_strength = La seguridad va de 0 a 4.
error-process-password_policy-history = Se pueden recordar como máximo 24 contraseñas anteriores.
error-process-credential_store = No hay ningún directorio LDAP configurado.
error-api_key-name_invalid = El nombre tiene de 1 a 64 caracteres.
error-api_key-role_invalid = Elija un rol.
admin-user-details = Perfil
admin-property-groups = Grupos de ajustes
admin-report-no-enrollments = Todavía no hay ningún registro activo.
admin-outbox = Bandeja de salida
admin-overview-outbox = Mensajes de correo electrónico y SMS, y qué fue de ellos.
admin-outbox-intro = Mensajes que se pidió enviar a Sesame, del más reciente al más antiguo: adónde fueron, su estado, cuántas veces se intentó entregarlos y la última respuesta del servidor de correo o del proveedor de SMS. Su contenido no se muestra nunca.
admin-outbox-state = Estado
admin-outbox-queued = En espera
admin-outbox-sent = Enviado
admin-outbox-failed = Abandonado
admin-outbox-to = Para
admin-outbox-tries = Intentos
admin-outbox-answer = Última respuesta
admin-outbox-count = { $count ->
    [one] Un mensaje.
   *[other] { $count } mensajes.
}
admin-voice = Servicios de voz
admin-voice-intro = Cómo identifica cada asistente de voz a quien llama y con qué factores lo autentica. Un servicio que incumple las reglas de factores con los ajustes actuales rechaza las llamadas hasta que se corrija.
admin-voice-new = Nuevo servicio de voz
admin-voice-create = Crear el servicio
admin-voice-none = Todavía no hay ningún servicio de voz.
admin-voice-factors = Factores
admin-voice-problems = Reglas
admin-voice-step-up-is = Factor adicional: { $name }
admin-voice-fits = Cumple las reglas.
admin-voice-broken = Con los ajustes actuales, este servicio incumple estas reglas, así que sus llamadas se rechazan:
admin-voice-identification = Quien llama se identifica por
admin-voice-ident-phone = Número de teléfono (cuenta el identificador de llamada)
admin-voice-ident-employee_id = Número de empleado
admin-voice-ident-email = Correo electrónico
admin-voice-ident-username = Nombre de usuario
admin-voice-first = Primer factor
admin-voice-second = Segundo factor
admin-voice-step-up = Factor adicional
admin-voice-no-factor = Ninguno
admin-voice-input = Se introduce con
admin-voice-input-both = Teclado o voz
admin-voice-input-text = Solo teclado
admin-voice-input-voice = Solo voz
admin-voice-region = País predeterminado
admin-voice-region-hint = Opcional. Un código de país como ES o US, para los números de teléfono que se dan sin prefijo internacional.
admin-voice-delete = Eliminar este servicio
admin-voice-delete-confirm = El servicio se elimina de inmediato; las llamadas en curso para él no pueden continuar.
admin-back-to-voice = Volver a los servicios de voz
admin-notice-voice-created = Se ha creado el servicio de voz.
admin-notice-voice-saved = Se ha guardado el servicio de voz.
admin-notice-voice-deleted = Se ha eliminado el servicio de voz.
error-voice_service-id_invalid = El identificador tiene de 1 a 40 letras minúsculas, dígitos, - y _.
error-voice_service-exists = Ya existe un servicio de voz con este identificador.
error-voice_service-name_invalid = El nombre tiene de 1 a 100 caracteres.
error-voice_service-identification_required = Elija al menos un campo que identifique a quien llama.
error-voice_service-identification_repeated = Cada campo de identificación solo se puede pedir una vez.
error-voice_service-verification_unknown = Un factor elegido no es una verificación activa.
error-voice_service-first_not_allowed = Esta verificación no puede ser aquí el primer factor.
error-voice_service-alone_not_allowed = Esta verificación no puede ser el único factor; elija un segundo.
error-voice_service-second_required = Mientras la autenticación de dos factores sea obligatoria, se necesita un segundo factor.
error-voice_service-second_not_allowed = Esta verificación no puede ser el segundo factor.
error-voice_service-same_factor_twice = El segundo factor debe ser distinto del primero.
error-voice_service-step_up_disabled = El factor adicional está desactivado en la configuración.
error-voice_service-step_up_not_allowed = Esta verificación no puede ser el factor adicional.
error-voice_service-region_unknown = Introduzca un código de país como ES o US.
error-voice_service-input_type_not_numeric = Solo los factores que se dan como dígitos admiten teclado o voz.
admin-verifications = Verificaciones
admin-overview-verifications = Las verificaciones básicas y las personalizadas, con sus parámetros.
admin-verifications-intro = Las siete verificaciones básicas y las personalizadas, creadas a partir de un tipo o copiadas de otra. Una verificación desactivada no se puede registrar ni superar.
admin-verification-type = Tipo
admin-verification-assurance = Nivel de confianza
admin-assurance-low = Bajo
admin-assurance-medium = Medio
admin-assurance-high = Alto
admin-kind-security_questions = Preguntas de seguridad
admin-kind-email_code = Código por correo electrónico
admin-kind-sms_code = Código por SMS
admin-kind-authenticator = Aplicación de autenticación
admin-kind-personal_data_confirmation = Confirmar el correo electrónico
admin-kind-personal_data = Introducir el nombre de usuario
admin-kind-soft_pin = Soft PIN
admin-verification-new = Nueva verificación personalizada
admin-verification-create = Crear la verificación
admin-verification-id-hint = De 1 a 40 letras minúsculas, dígitos y _. No se puede cambiar después.
admin-verification-origin = Creada a partir de
admin-verification-from-type = Un tipo, con sus parámetros predeterminados
admin-verification-copy = Una copia de
admin-verification-params = Parámetros (JSON)
admin-verification-params-new-hint = Opcional. Déjelo vacío para usar los valores predeterminados del tipo o los parámetros de la verificación copiada.
admin-verification-params-hint = Los parámetros del tipo como objeto JSON; {"{"}{"}"} para los valores predeterminados.
admin-verification-active = Activada: los usuarios pueden registrarla y superarla
admin-back-to-verifications = Volver a las verificaciones
admin-notice-verification-created = Se ha creado la verificación.
admin-notice-verification-saved = Se ha guardado la verificación.
error-verification-id_invalid = El identificador tiene de 1 a 40 letras minúsculas, dígitos y _.
error-verification-name_invalid = El nombre tiene de 1 a 100 caracteres.
error-verification-exists = Ya existe una verificación con este identificador.
error-verification-type_invalid = Elija un tipo.
error-verification-origin = Elija un tipo o una verificación para copiar.
error-verification-params_invalid = Los parámetros no son un objeto JSON válido para este tipo.
admin-questions = Preguntas de seguridad
admin-overview-questions = Las preguntas entre las que eligen los usuarios, en todos los idiomas.
admin-questions-intro = Las preguntas entre las que eligen los usuarios al configurar sus preguntas de seguridad, en su idioma o, si no, en inglés. Una pregunta retirada no se puede volver a elegir; quien ya la eligió la conserva.
admin-question = Pregunta
admin-question-languages = Idiomas
admin-question-retired = Retirada
admin-question-new = Nueva pregunta
admin-question-add = Añadir la pregunta
admin-question-text = Texto ({ $language })
admin-question-retire = Retirada: no se puede volver a elegir
admin-back-to-questions = Volver a las preguntas
admin-notice-question-created = Se ha añadido la pregunta.
admin-notice-question-saved = Se ha guardado la pregunta.
error-question-english_missing = Cada pregunta necesita un texto en inglés.
error-question-text_invalid = Una pregunta tiene de 1 a 200 caracteres.
