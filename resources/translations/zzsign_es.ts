<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ActivityChart</name>
    <message>
        <source>Signatures per week, by agreement version</source>
        <translation>Firmas por semana, por versión del acuerdo</translation>
    </message>
    <message>
        <source>{total} signatures over {weeks} weeks</source>
        <translation>{total} firmas en {weeks} semanas</translation>
    </message>
    <message>
        <source>No signatures</source>
        <translation>Sin firmas</translation>
    </message>
    <message>
        <source>Signatures per week</source>
        <translation>Firmas por semana</translation>
    </message>
    <message>
        <source>No signatures yet</source>
        <translation>Todavía no hay firmas</translation>
    </message>
    <message>
        <source>dd MMM yy</source>
        <comment>QLocale format of a week&apos;s label</comment>
        <translation>dd MMM yy</translation>
    </message>
    <message>
        <source>Week of {week}: {count} signed version {version}</source>
        <translation>Semana del {week} — firmas de la versión {version}: {count}</translation>
    </message>
    <message>
        <source>dd MMM yyyy</source>
        <comment>QLocale format, in the tooltip</comment>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>Week starting (Monday)</source>
        <translation>Semana que empieza el lunes</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Versión {version}</translation>
    </message>
</context>
<context>
    <name>AgreementPage</name>
    <message>
        <source>I acknowledge the Third Party Information clause</source>
        <translation>Declaro haber leído y entendido la cláusula «Third Party Information» (información de terceros)</translation>
    </message>
    <message>
        <source>I have read the whole agreement and agree to be bound by it</source>
        <translation>He leído el acuerdo completo y me comprometo a cumplirlo</translation>
    </message>
    <message>
        <source>Scroll to the end of the agreement to continue.</source>
        <translation>Desplácese hasta el final del acuerdo para continuar.</translation>
    </message>
    <message>
        <source>You have reached the end of the agreement.</source>
        <translation>Ha llegado al final del acuerdo.</translation>
    </message>
    <message>
        <source>I acknowledge the Third Party Information clause (section {number})</source>
        <extracomment>End and Home in the text go to its end and start, as in a web page or a PDF viewer (in a text with a keyboard cursor they would only reach the end or start of a line).</extracomment>
        <translation>Declaro haber leído y entendido la cláusula «Third Party Information» (información de terceros) de la sección {number}</translation>
    </message>
    <message>
        <source>I acknowledge the Third Party Information clause (in the section “{title}”)</source>
        <translation>Declaro haber leído y entendido la cláusula «Third Party Information» (información de terceros) de la sección «{title}»</translation>
    </message>
    <message>
        <source>{title}, version {version}</source>
        <translation>{title}, versión {version}</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>AgreementsTab</name>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Publicada</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Firmas</translation>
    </message>
    <message>
        <source>At the kiosk</source>
        <translation>En el quiosco</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Shown at the kiosk</source>
        <extracomment>The widest a title column gets before long titles are cut short (with &quot;…&quot;).</extracomment>
        <translation>Se muestra en el quiosco</translation>
    </message>
    <message>
        <source>Earlier version</source>
        <translation>Versión anterior</translation>
    </message>
    <message>
        <source>Publish new version…</source>
        <translation>Publicar nueva versión…</translation>
    </message>
    <message>
        <source>Agreement text (*.md *.markdown *.html *.htm)</source>
        <translation>Texto del acuerdo (*.md *.markdown *.html *.htm)</translation>
    </message>
    <message>
        <source>New hires read and sign the newest version. Every record stays tied to the version it was signed under, identified by the SHA-256 of its exact text.</source>
        <extracomment>The title a first published version is offered (the agreement&apos;s own, in its own language).</extracomment>
        <translation>Las nuevas incorporaciones leen y firman la versión más reciente. Cada registro queda vinculado a la versión con la que se firmó, identificada por el SHA-256 de su texto exacto.</translation>
    </message>
    <message>
        <source>{when} (UTC)</source>
        <translation>{when} (UTC)</translation>
    </message>
    <message>
        <source>{digest}
SHA-256 of the exact text (Ctrl+C copies it)</source>
        <translation>{digest}
SHA-256 del texto exacto (Ctrl+C lo copia)</translation>
    </message>
    <message>
        <source>Choose the new agreement text</source>
        <translation>Elija el texto del nuevo acuerdo</translation>
    </message>
    <message>
        <source>Publish a new version from a Markdown or HTML file</source>
        <translation>Publicar una nueva versión a partir de un archivo Markdown o HTML</translation>
    </message>
    <message>
        <source>Agreement versions</source>
        <translation>Versiones del acuerdo</translation>
    </message>
    <message>
        <source>Select a hash and press Ctrl+C to copy it.</source>
        <translation>Seleccione un hash y pulse Ctrl+C para copiarlo.</translation>
    </message>
    <message>
        <source>Version {version} is published. The kiosk shows it from the next hire on; records signed earlier stay tied to their version.</source>
        <translation>La versión {version} está publicada. El quiosco la muestra a partir de la próxima incorporación; los registros firmados antes siguen vinculados a su versión.</translation>
    </message>
</context>
<context>
    <name>AuditStep</name>
    <message>
        <source>opened</source>
        <extracomment>The audit trail&apos;s steps as the timeline names them (the domain&apos;s Step values).</extracomment>
        <translation>abierto</translation>
    </message>
    <message>
        <source>details entered</source>
        <translation>datos introducidos</translation>
    </message>
    <message>
        <source>consented to electronic records</source>
        <translation>consentimiento a los registros electrónicos</translation>
    </message>
    <message>
        <source>reached end of agreement</source>
        <translation>llegó al final del acuerdo</translation>
    </message>
    <message>
        <source>acknowledged third party clause</source>
        <translation>confirmó la cláusula de información de terceros</translation>
    </message>
    <message>
        <source>acknowledged agreement</source>
        <translation>confirmó el acuerdo</translation>
    </message>
    <message>
        <source>signature adopted</source>
        <translation>firma adoptada</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>firmado</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <source>I agree to receive and sign this agreement electronically</source>
        <translation>Acepto recibir y firmar este acuerdo por medios electrónicos</translation>
    </message>
    <message>
        <source>Electronic records disclosure</source>
        <translation>Información sobre los registros electrónicos</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>I do not agree</source>
        <translation>No acepto</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>dd MMMM yyyy</source>
        <comment>QLocale date format: a day written out, as on a letter</comment>
        <extracomment>``translate(context, text)``: ``text`` in the interface&apos;s language. Call it with the string itself (or a constant marked ``QT_TRANSLATE_NOOP(context, …)``): lupdate finds the calls.</extracomment>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>dd MMMM yyyy, HH:mm:ss</source>
        <comment>QLocale date and time format: a day and a time</comment>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy, HH:mm:ss</translation>
    </message>
    <message>
        <source>dd MMMM yyyy &apos;at&apos; HH:mm:ss</source>
        <comment>QLocale date and time format, inside a sentence: text in quotes is kept as it is</comment>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy &apos;a las&apos; HH:mm:ss</translation>
    </message>
</context>
<context>
    <name>DeclinedPage</name>
    <message>
        <source>You chose not to sign electronically, and that is completely fine. Please ask Human Resources for the paper version of the Employee Confidentiality Agreement; they will go through it with you.</source>
        <translation>Ha decidido no firmar por medios electrónicos, y no hay ningún problema. Pida a Recursos Humanos la versión en papel del acuerdo de confidencialidad para empleados; lo revisarán con usted.</translation>
    </message>
    <message>
        <source>Nothing you entered here has been saved. Press Finish to clear the screen, or Go back if you chose this by mistake.</source>
        <translation>No se ha guardado nada de lo que ha introducido aquí. Pulse Finalizar para borrar la pantalla, o Volver si eligió esta opción por error.</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finalizar</translation>
    </message>
</context>
<context>
    <name>DetailsPage</name>
    <message>
        <source>Full legal name</source>
        <extracomment>Each field&apos;s label (the domain&apos;s English names, marked for translation here).</extracomment>
        <translation>Nombre legal completo</translation>
    </message>
    <message>
        <source>Work email</source>
        <translation>Correo electrónico de trabajo</translation>
    </message>
    <message>
        <source>Employee ID (optional)</source>
        <translation>Número de empleado (opcional)</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Fecha de incorporación</translation>
    </message>
    <message>
        <source>Customer Support</source>
        <extracomment>The departments offered, for translation: the record keeps the English name whatever the interface&apos;s language, so HR finds one department under one name.</extracomment>
        <translation>Atención al cliente</translation>
    </message>
    <message>
        <source>Engineering</source>
        <translation>Ingeniería</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Finanzas</translation>
    </message>
    <message>
        <source>Human Resources</source>
        <translation>Recursos Humanos</translation>
    </message>
    <message>
        <source>Network Operations</source>
        <translation>Operaciones de red</translation>
    </message>
    <message>
        <source>Sales and Marketing</source>
        <translation>Ventas y marketing</translation>
    </message>
    <message>
        <source>Security and Compliance</source>
        <translation>Seguridad y cumplimiento normativo</translation>
    </message>
    <message>
        <source>Enter your details as they appear on your employment paperwork.</source>
        <translation>Introduzca sus datos tal como figuran en sus documentos de contratación.</translation>
    </message>
    <message>
        <source>name@{domain}</source>
        <translation>nombre@{domain}</translation>
    </message>
    <message>
        <source>d MMMM yyyy</source>
        <comment>QDateEdit display format of the start date</comment>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>Dialog</name>
    <message>
        <source>Cancel</source>
        <extracomment>After a dialog closes, how long the keyboard must rest before the window behind it takes keys.</extracomment>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <source>This text is shown exactly as HR published it, without translation: it is the text you agree to and sign.</source>
        <extracomment>Qt&apos;s Markdown import scales headings by a size adjustment (h1 = +3); a page title is enough.</extracomment>
        <translation>Este texto se muestra tal como lo publicó RR. HH., sin traducir: es el texto que usted acepta y firma.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Save to USB drive</source>
        <translation>Guardar en memoria USB</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finalizar</translation>
    </message>
    <message>
        <source>Leave without a copy</source>
        <translation>Salir sin copia</translation>
    </message>
    <message>
        <source>Take a copy</source>
        <translation>Obtener una copia</translation>
    </message>
    <message>
        <source>No USB drive is plugged in; plug one in to save your copy on it.</source>
        <translation>No hay ninguna memoria USB conectada; conecte una para guardar en ella su copia.</translation>
    </message>
    <message>
        <source>Leave without a copy? HR keeps your signed record and can give you one.</source>
        <translation>¿Salir sin copia? RR. HH. conserva su registro firmado y puede darle una copia.</translation>
    </message>
    <message>
        <source>Record ID</source>
        <extracomment>The hire chose a drive to save their copy on. The hire chose a printer (by name) to print their copy on. Replaced in tests: the drives plugged in now, and the printers a hire may use.</extracomment>
        <translation>ID del registro</translation>
    </message>
    <message>
        <source>Take your own copy of the signed agreement: save it to a USB drive, or print it. HR keeps the signed record; quote the record ID above if you ever need another copy.</source>
        <translation>Llévese su propia copia del acuerdo firmado: guárdela en una memoria USB o imprímala. RR. HH. conserva el registro firmado; si alguna vez necesita otra copia, indique el ID del registro que aparece arriba.</translation>
    </message>
    <message>
        <source>Press Finish when you are done; the screen will be cleared for the next person.</source>
        <translation>Pulse Finalizar cuando haya terminado; la pantalla se borrará para la siguiente persona.</translation>
    </message>
    <message>
        <source>Your signed agreement was saved on {when} (UTC{offset}).</source>
        <translation>Su acuerdo firmado se guardó el {when} (UTC{offset}).</translation>
    </message>
    <message>
        <source>Record ID: {record_id}</source>
        <translation>ID del registro: {record_id}</translation>
    </message>
    <message>
        <source>USB drive {label} is plugged in.</source>
        <translation>La memoria USB {label} está conectada.</translation>
    </message>
    <message>
        <source>USB drives plugged in: {labels}.</source>
        <translation>Memorias USB conectadas: {labels}.</translation>
    </message>
    <message>
        <source>Which USB drive?</source>
        <translation>¿En qué memoria USB?</translation>
    </message>
    <message>
        <source>Which printer?</source>
        <translation>¿En qué impresora?</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export records</source>
        <translation>Exportar registros</translation>
    </message>
    <message>
        <source>Save the records in one file, for an auditor, payroll or an archive. The file appears only when it is complete; if the export stops, nothing is left behind.</source>
        <translation>Guarde los registros en un solo archivo, para una auditoría, la nómina o un archivo histórico. El archivo aparece solo cuando está completo; si la exportación se detiene, no queda nada a medias.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Progreso de la exportación</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmados</translation>
    </message>
    <message>
        <source>Agreement version</source>
        <translation>Versión del acuerdo</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Exportación cancelada; no se ha escrito ningún archivo.</translation>
    </message>
    <message>
        <source>The export failed unexpectedly, so no file was written; try again, or ask IT to look at zzsign&apos;s log.</source>
        <translation>La exportación ha fallado de forma inesperada y no se ha escrito ningún archivo; vuelva a intentarlo o pida a TI que revise el registro de actividad de zzsign.</translation>
    </message>
    <message>
        <source>Your search text and status filter do not apply: exports select records by signing date and agreement version only (each record&apos;s status is in the export).</source>
        <translation>El texto de búsqueda y el filtro de estado no se aplican: las exportaciones seleccionan los registros solo por fecha de firma y versión del acuerdo (el estado de cada registro figura en la exportación).</translation>
    </message>
    <message>
        <source>A filtered evidence package verifies on any computer, but another laptop cannot import it; clear the date and version filters for a complete one.</source>
        <translation>Un paquete de pruebas filtrado se puede verificar en cualquier ordenador, pero otro portátil no puede importarlo; quite los filtros de fecha y versión para obtener uno completo.</translation>
    </message>
    <message>
        <source>CSV — for Excel or LibreOffice</source>
        <extracomment>How often, at most, the export stops to let Qt draw and handle clicks (seconds).</extracomment>
        <translation>CSV — para Excel o LibreOffice</translation>
    </message>
    <message>
        <source>One row per record. A name that looks like a formula gets a leading &apos; so it stays text.</source>
        <translation>Una fila por registro. Un nombre que parezca una fórmula lleva delante un &apos; para que siga siendo texto.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Libro de Excel (.xlsx)</translation>
    </message>
    <message>
        <source>One sheet, one row per record; every cell is plain text.</source>
        <translation>Una hoja, una fila por registro; todas las celdas son texto sin formato.</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Libros de Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>JSON — for other software</source>
        <translation>JSON — para otros programas</translation>
    </message>
    <message>
        <source>Everything each record holds, with its hashes and its place in the chain.</source>
        <translation>Todo lo que contiene cada registro, con sus hashes y su lugar en la cadena.</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Archivos JSON (*.json)</translation>
    </message>
    <message>
        <source>PDF — every signed copy in one file</source>
        <translation>PDF — todas las copias firmadas en un archivo</translation>
    </message>
    <message>
        <source>A bookmark per signer. Records signed on other laptops are left out: their copies are sealed by the laptop that signed them.</source>
        <translation>Un marcador por firmante. Los registros firmados en otros portátiles quedan fuera: sus copias las sella el portátil en que se firmaron.</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Evidence package (.zip) — for auditors and lawyers</source>
        <translation>Paquete de pruebas (.zip) — para auditores y abogados</translation>
    </message>
    <message>
        <source>Signed copies, records and their hash chain; zzsign verify checks it on any computer, without the HR password. This laptop&apos;s records only.</source>
        <translation>Copias firmadas, registros y su cadena de hashes; zzsign verify lo comprueba en cualquier ordenador, sin la contraseña de RR. HH. Solo los registros de este portátil.</translation>
    </message>
    <message>
        <source>Evidence packages (*.zip)</source>
        <translation>Paquetes de pruebas (*.zip)</translation>
    </message>
    <message>
        <source>From {since} to {until}</source>
        <extracomment>Asks where to save: (parent, caption, suggested path, name filter) → the path, or None.</extracomment>
        <translation>Del {since} al {until}</translation>
    </message>
    <message>
        <source>On {since}</source>
        <translation>El {since}</translation>
    </message>
    <message>
        <source>On or after {since}</source>
        <translation>El {since} o después</translation>
    </message>
    <message>
        <source>On or before {until}</source>
        <translation>El {until} o antes</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>Cualquier fecha</translation>
    </message>
    <message>
        <source> (the date on the signer&apos;s clock, as in the table)</source>
        <translation> (la fecha del reloj del firmante, como en la tabla)</translation>
    </message>
    <message>
        <source> (UTC)</source>
        <translation> (UTC)</translation>
    </message>
    <message>
        <source>Every version</source>
        <translation>Todas las versiones</translation>
    </message>
    <message>
        <source>Version {version} only</source>
        <translation>Solo la versión {version}</translation>
    </message>
    <message>
        <source>Exported 1 record to {path}.</source>
        <translation>Se ha exportado 1 registro a {path}.</translation>
    </message>
    <message>
        <source>Exported {count} records to {path}.</source>
        <translation>Se han exportado {count} registros a {path}.</translation>
    </message>
    <message>
        <source> Left out 1 record signed on other laptops: make their copies on the laptop that signed them.</source>
        <translation> Ha quedado fuera 1 registro firmado en otro portátil: haga su copia en el portátil en que se firmó.</translation>
    </message>
    <message>
        <source> Left out {count} records signed on other laptops: make their copies on the laptop that signed them.</source>
        <translation> Han quedado fuera {count} registros firmados en otros portátiles: haga sus copias en el portátil en que se firmaron.</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Which records</source>
        <translation>Qué registros</translation>
    </message>
    <message>
        <source>Save the {kind} export as</source>
        <translation>Guardar la exportación {kind} como</translation>
    </message>
    <message>
        <source>Finding the records…</source>
        <translation>Buscando los registros…</translation>
    </message>
    <message>
        <source>{done} of 1 record written…</source>
        <translation>{done} de 1 registro escrito…</translation>
    </message>
    <message>
        <source>{done} of {total} records written…</source>
        <translation>{done} de {total} registros escritos…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
</context>
<context>
    <name>HrSetupDialog</name>
    <message>
        <source>New HR password</source>
        <translation>Nueva contraseña de RR. HH.</translation>
    </message>
    <message>
        <source>Repeat the HR password</source>
        <translation>Repita la contraseña de RR. HH.</translation>
    </message>
    <message>
        <source>Four or more unrelated words make a strong HR password.</source>
        <extracomment>The live hint under the new password, before anything is typed and once it is strong enough.</extracomment>
        <translation>Cuatro o más palabras sin relación entre sí forman una contraseña de RR. HH. segura.</translation>
    </message>
    <message>
        <source>Strong enough.</source>
        <translation>Suficientemente segura.</translation>
    </message>
    <message>
        <source>Set up for HR</source>
        <translation>Configuración para RR. HH.</translation>
    </message>
    <message>
        <source>Set the HR password</source>
        <translation>Establezca la contraseña de RR. HH.</translation>
    </message>
    <message>
        <source>Signed records are sealed so that only HR can read them. Choose the password HR will use to open them: at least 12 characters. Keep it safe — without it nobody, not even IT, can read the signers&apos; names.</source>
        <translation>Los registros firmados se sellan para que solo RR. HH. pueda leerlos. Elija la contraseña con la que RR. HH. los abrirá: al menos 12 caracteres. Guárdela en un lugar seguro: sin ella nadie, ni siquiera el departamento de TI, puede leer los nombres de los firmantes.</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>Establecer contraseña</translation>
    </message>
    <message>
        <source>Type the HR password again in {field}.</source>
        <translation>Vuelva a escribir la contraseña de RR. HH. en «{field}».</translation>
    </message>
    <message>
        <source>The two passwords are different; type the same password again in {field}.</source>
        <translation>Las dos contraseñas no coinciden; vuelva a escribir la misma contraseña en «{field}».</translation>
    </message>
</context>
<context>
    <name>HrUnlockDialog</name>
    <message>
        <source>HR password</source>
        <translation>Contraseña de RR. HH.</translation>
    </message>
    <message>
        <source>HR workspace</source>
        <translation>Espacio de trabajo de RR. HH.</translation>
    </message>
    <message>
        <source>Open the HR workspace</source>
        <translation>Abrir el espacio de trabajo de RR. HH.</translation>
    </message>
    <message>
        <source>For HR only. The workspace locks itself after a few idle minutes, and when you choose Lock.</source>
        <translation>Solo para RR. HH. El espacio de trabajo se bloquea automáticamente tras unos minutos sin actividad y cuando usted elige Bloquear.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
</context>
<context>
    <name>HrWorkspace</name>
    <message>
        <source>Search records</source>
        <translation>Buscar registros</translation>
    </message>
    <message>
        <source>Signed from</source>
        <translation>Firmados desde</translation>
    </message>
    <message>
        <source>Signed to</source>
        <translation>Firmados hasta</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Void record…</source>
        <translation>Anular registro…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>All versions</source>
        <translation>Todas</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Signatures in all</source>
        <extracomment>The activity tiles&apos; captions (English sources: :attr:`HrWorkspace.tiles` is keyed by them).</extracomment>
        <translation>Firmas en total</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Esta semana</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>Últimas 4 semanas</translation>
    </message>
    <message>
        <source>Weekly average</source>
        <translation>Media semanal</translation>
    </message>
    <message>
        <source>Voided on {when} by {who}.
Reason: {reason}</source>
        <extracomment>Rows in the first batch (on screen at once), and how long each later loading step may take.</extracomment>
        <translation>Anulado el {when} por {who}.
Motivo: {reason}</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>Agreements</source>
        <translation>Acuerdos</translation>
    </message>
    <message>
        <source>HR workspace</source>
        <translation>Espacio de trabajo de RR. HH.</translation>
    </message>
    <message>
        <source>Loading records…</source>
        <translation>Cargando registros…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Export the records the date and version filters select (Ctrl+E)</source>
        <translation>Exportar los registros que seleccionan los filtros de fecha y versión (Ctrl+E)</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>Salir del modo quiosco</translation>
    </message>
    <message>
        <source>Make zzsign an ordinary window that can be closed</source>
        <translation>Convertir zzsign en una ventana normal que se puede cerrar</translation>
    </message>
    <message>
        <source>Quit zzsign</source>
        <translation>Cerrar zzsign</translation>
    </message>
    <message>
        <source>Close zzsign on this laptop (hires cannot sign until it is started again)</source>
        <translation>Cerrar zzsign en este portátil (nadie podrá firmar hasta que se vuelva a iniciar)</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <source>Lock the workspace and return to the kiosk (Ctrl+L)</source>
        <translation>Bloquear el espacio de trabajo y volver al quiosco (Ctrl+L)</translation>
    </message>
    <message>
        <source>Agreement version</source>
        <translation>Versión del acuerdo</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>Cualquier fecha</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Versión {version}</translation>
    </message>
    <message>
        <source> — loading…</source>
        <translation> — cargando…</translation>
    </message>
    <message>
        <source>1 record</source>
        <translation>1 registro</translation>
    </message>
    <message>
        <source>{total} records</source>
        <translation>{total} registros</translation>
    </message>
    <message>
        <source>{shown} of 1 record</source>
        <translation>{shown} de 1 registro</translation>
    </message>
    <message>
        <source>{shown} of {total} records</source>
        <translation>{shown} de {total} registros</translation>
    </message>
    <message>
        <source>This record cannot be opened: {why}</source>
        <translation>Este registro no se puede abrir: {why}</translation>
    </message>
    <message>
        <source>The signed copy could not be made; ask IT.</source>
        <translation>No se ha podido generar la copia firmada; consulte a TI.</translation>
    </message>
    <message>
        <source>Opened in the PDF viewer.</source>
        <translation>Abierta en el visor de PDF.</translation>
    </message>
</context>
<context>
    <name>IdlePrompt</name>
    <message>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message>
        <source>To protect your details, this screen will be cleared in 1 second. Touch the screen, move the mouse or press any key to carry on.</source>
        <translation>Para proteger sus datos, esta pantalla se borrará dentro de 1 segundo. Toque la pantalla, mueva el ratón o pulse cualquier tecla para continuar.</translation>
    </message>
    <message>
        <source>To protect your details, this screen will be cleared in {seconds} seconds. Touch the screen, move the mouse or press any key to carry on.</source>
        <translation>Para proteger sus datos, esta pantalla se borrará dentro de {seconds} segundos. Toque la pantalla, mueva el ratón o pulse cualquier tecla para continuar.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>This window stays open for the next person; HR can close it from the HR workspace.</source>
        <extracomment>How long the HR workspace stays open without input. How long the Done page waits without input before clearing the screen for the next person. The longest &quot;Are you still there?&quot; countdown (shorter when the idle limit itself is short). The notice&apos;s width, and how far its bottom edge sits above the window&apos;s (clear of the page&apos;s buttons). What a hire is told when they try to close the kiosk (translated where shown).</extracomment>
        <translation>Esta ventana permanece abierta para la siguiente persona; RR. HH. puede cerrarla desde el espacio de trabajo de RR. HH.</translation>
    </message>
    <message>
        <source>This laptop is not ready yet; please ask HR.</source>
        <extracomment>What a hire reads on a laptop HR has not set up yet.</extracomment>
        <translation>Este portátil todavía no está listo; consulte a RR. HH.</translation>
    </message>
    <message>
        <source>ZZ Servers — Employee Confidentiality Agreement</source>
        <extracomment>Input that counts as someone being at the kiosk.</extracomment>
        <translation>ZZ Servers — Acuerdo de confidencialidad para empleados</translation>
    </message>
    <message>
        <source>HR…</source>
        <comment>the discreet entry to the HR workspace</comment>
        <translation>RR. HH.…</translation>
    </message>
    <message>
        <source>HR workspace (Ctrl+Shift+H)</source>
        <translation>Espacio de trabajo de RR. HH. (Ctrl+Mayús+H)</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>This signature is too small or too simple. Clear it and sign your name across the box.</source>
        <extracomment>A point of a drawn stroke: x and y in pad pixels, t in milliseconds since the pad was cleared. Thresholds below which a drawn signature is treated as trivial (a dot, a dash, a tick).</extracomment>
        <translation>Esta firma es demasiado pequeña o demasiado simple. Bórrela y firme con su nombre a lo ancho del recuadro.</translation>
    </message>
    <message>
        <source>The signature box is empty. Sign your name in the box, or type it instead.</source>
        <translation>El recuadro de la firma está vacío. Firme con su nombre en el recuadro o escríbalo con el teclado.</translation>
    </message>
    <message>
        <source>Type your full legal name to sign.</source>
        <translation>Escriba su nombre legal completo para firmar.</translation>
    </message>
    <message>
        <source>Your typed signature</source>
        <translation>El nombre tecleado</translation>
    </message>
    <message>
        <source>Type your full legal name exactly as you entered it on the details page: &quot;{name}&quot;.</source>
        <translation>Escriba su nombre legal completo exactamente como lo introdujo en la página de sus datos: «{name}».</translation>
    </message>
    <message>
        <source>{value} is not an email domain; give domains like zzservers.com.</source>
        <extracomment>Start dates further from today than this are almost certainly typing mistakes. Bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069): invisible, they can make text display as something else, so no typed value or agreement text has them. Whom the hire works for, as the work email sentence names it. One label of a host name in ASCII (letters, digits, hyphens inside; xn-- labels included).</extracomment>
        <translation>{value} no es un dominio de correo; indique dominios como zzservers.com.</translation>
    </message>
    <message>
        <source>Give at least one email domain, like zzservers.com.</source>
        <translation>Indique al menos un dominio de correo, como zzservers.com.</translation>
    </message>
    <message>
        <source>{some} or {last}</source>
        <translation>{some} o {last}</translation>
    </message>
    <message>
        <source>Use your {company} work email, ending in {listed}.</source>
        <translation>Use su correo electrónico de trabajo de {company}, que termina en {listed}.</translation>
    </message>
    <message>
        <source>{label} contains an invisible control character ({code}); retype it without pasting.</source>
        <translation>{label} tiene un carácter de control invisible ({code}); escríbalo sin pegar.</translation>
    </message>
    <message>
        <source>{label} can be at most {limit} characters; this one has {length}.</source>
        <translation>{label} puede tener como máximo {limit} caracteres; este tiene {length}.</translation>
    </message>
    <message>
        <source>Enter your full legal name.</source>
        <translation>Introduzca su nombre legal completo.</translation>
    </message>
    <message>
        <source>Your full legal name must contain letters.</source>
        <translation>Su nombre legal completo debe contener letras.</translation>
    </message>
    <message>
        <source>Enter your work email address.</source>
        <translation>Introduzca su dirección de correo electrónico de trabajo.</translation>
    </message>
    <message>
        <source>Work email contains an invisible character ({code}); retype it without pasting.</source>
        <translation>El correo electrónico de trabajo tiene un carácter invisible ({code}); escríbalo sin pegar.</translation>
    </message>
    <message>
        <source>Enter a complete email address, like name@zzservers.com.</source>
        <translation>Introduzca una dirección de correo completa, como nombre@zzservers.com.</translation>
    </message>
    <message>
        <source>Choose or type your department.</source>
        <translation>Elija o escriba su departamento.</translation>
    </message>
    <message>
        <source>Enter your start date.</source>
        <translation>Introduzca su fecha de incorporación.</translation>
    </message>
    <message>
        <source>Enter a start date within two years of today.</source>
        <translation>Introduzca una fecha de incorporación que no diste más de dos años de hoy.</translation>
    </message>
    <message>
        <source>Full legal name</source>
        <extracomment>Each field as a message names it (the label without &quot;(optional)&quot;).</extracomment>
        <translation>El nombre legal completo</translation>
    </message>
    <message>
        <source>Work email</source>
        <translation>El correo electrónico de trabajo</translation>
    </message>
    <message>
        <source>Employee ID</source>
        <translation>El número de empleado</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>El departamento</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>La fecha de incorporación</translation>
    </message>
    <message>
        <source>event attribute (on…)</source>
        <translation>atributo de evento (on…)</translation>
    </message>
    <message>
        <source>remote resource in a style attribute</source>
        <translation>recurso externo en un atributo de estilo</translation>
    </message>
    <message>
        <source>link target (the link text is kept)</source>
        <translation>destino de enlace (se conserva el texto del enlace)</translation>
    </message>
    <message>
        <source>link definition</source>
        <translation>definición de enlace</translation>
    </message>
    <message>
        <source>raw HTML</source>
        <translation>HTML sin procesar</translation>
    </message>
    <message>
        <source>raw HTML tag</source>
        <translation>etiqueta HTML sin procesar</translation>
    </message>
    <message>
        <source>HTML comment</source>
        <translation>comentario HTML</translation>
    </message>
    <message>
        <source>processing instruction</source>
        <translation>instrucción de procesamiento</translation>
    </message>
    <message>
        <source>unfinished HTML tag</source>
        <translation>etiqueta HTML sin terminar</translation>
    </message>
    <message>
        <source>image</source>
        <translation>imagen</translation>
    </message>
    <message>
        <source>{name}= attribute</source>
        <translation>atributo {name}=</translation>
    </message>
    <message>
        <source>&lt;{tag}&gt; tag (its text is kept)</source>
        <translation>etiqueta &lt;{tag}&gt; (se conserva su texto)</translation>
    </message>
    <message>
        <source>list nesting deeper than {depth} levels (the items are kept)</source>
        <extracomment>Elements removed together with everything inside them. Void elements that are removed (they load something, or take input). Lists nested deeper than this keep their items at this depth (deeper indentation only makes the text grow and the reader slow, and no agreement needs it). What a Markdown reader (Qt&apos;s md4c, GitHub dialect) would turn into a link on its own: a scheme&apos;s colon before ``//`` or ``mailto:``, the dot after ``www`` and the ``@`` of an address. A backslash before each keeps the address as plain text (shown without it).</extracomment>
        <translation>listas anidadas en más de {depth} niveles (se conservan los elementos)</translation>
    </message>
    <message>
        <source>{what} ×{count}</source>
        <translation>{what} ×{count}</translation>
    </message>
    <message>
        <source>{file} is neither Markdown (.md) nor HTML (.html); save the agreement in one of those formats.</source>
        <translation>{file} no es Markdown (.md) ni HTML (.html); guarde el acuerdo en uno de esos formatos.</translation>
    </message>
    <message>
        <source>The file is larger than {size} KB; an agreement text should be far smaller, so check that this is the right file.</source>
        <translation>El archivo ocupa más de {size} KB; el texto de un acuerdo debería ser mucho más pequeño, así que compruebe que es el archivo correcto.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text; save it as UTF-8 and try again.</source>
        <translation>El archivo no es texto UTF-8; guárdelo como UTF-8 e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The file contains an invisible control character ({code}); remove it and try again.</source>
        <translation>El archivo contiene un carácter de control invisible ({code}); elimínelo e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The file holds no agreement text; check the file.</source>
        <translation>El archivo no contiene el texto de ningún acuerdo; compruebe el archivo.</translation>
    </message>
    <message>
        <source>The text has no paragraph beginning &quot;{heading}&quot;, which the company&apos;s policy requires word for word; add the clause and try again.</source>
        <translation>El texto no tiene ningún párrafo que empiece por «{heading}», que la política de la empresa exige palabra por palabra; añada la cláusula e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The text has no paragraph beginning &quot;{heading}&quot;; add the clause and try again.</source>
        <translation>El texto no tiene ningún párrafo que empiece por «{heading}»; añada la cláusula e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Version {version} is not newer than version {newest}, the newest already published; publish it as version {next} or later.</source>
        <translation>La versión {version} no es posterior a la versión {newest}, la más reciente ya publicada; publíquela como versión {next} o posterior.</translation>
    </message>
    <message>
        <source>The version must be a whole number of 1 or more.</source>
        <translation>La versión debe ser un número entero igual o mayor que 1.</translation>
    </message>
    <message>
        <source>The title</source>
        <translation>El título</translation>
    </message>
    <message>
        <source>This text is exactly version {version}&apos;s; nothing new to publish.</source>
        <translation>Este texto es exactamente el de la versión {version}; no hay nada nuevo que publicar.</translation>
    </message>
    <message>
        <source>Another version was published at the same moment; list the versions and try again.</source>
        <translation>Se publicó otra versión en ese mismo momento; consulte la lista de versiones e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>{file} is not a regular file; choose the agreement&apos;s .md or .html file.</source>
        <translation>{file} no es un archivo normal; elija el archivo .md o .html del acuerdo.</translation>
    </message>
    <message>
        <source>{file} could not be read ({reason}); check that the file is there and readable, and try again.</source>
        <translation>No se pudo leer {file} ({reason}); compruebe que el archivo existe y se puede leer, e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>ilegible</translation>
    </message>
    <message>
        <source>Scripts (program code)</source>
        <extracomment>What sanitising removed, in words HR knows.</extracomment>
        <translation>Scripts (código de programa)</translation>
    </message>
    <message>
        <source>Styles (fonts, colours, layout)</source>
        <translation>Estilos (fuentes, colores, diseño)</translation>
    </message>
    <message>
        <source>Links to outside files (style sheets and the like)</source>
        <translation>Vínculos a archivos externos (hojas de estilo y similares)</translation>
    </message>
    <message>
        <source>Hidden page information</source>
        <translation>Información oculta de la página</translation>
    </message>
    <message>
        <source>Embedded web pages</source>
        <translation>Páginas web incrustadas</translation>
    </message>
    <message>
        <source>Embedded objects and media</source>
        <translation>Objetos y contenido multimedia incrustados</translation>
    </message>
    <message>
        <source>Hidden page parts</source>
        <translation>Partes ocultas de la página</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <source>Formulas</source>
        <translation>Fórmulas</translation>
    </message>
    <message>
        <source>Forms and their fields</source>
        <translation>Formularios y sus campos</translation>
    </message>
    <message>
        <source>Actions that run on a click or when the page loads</source>
        <translation>Acciones que se ejecutan al hacer clic o al cargar la página</translation>
    </message>
    <message>
        <source>Addresses of outside files</source>
        <translation>Direcciones de archivos externos</translation>
    </message>
    <message>
        <source>Addresses that forms send to</source>
        <translation>Direcciones a las que envían los formularios</translation>
    </message>
    <message>
        <source>Link addresses (the link text is kept)</source>
        <translation>Direcciones de enlaces (se conserva el texto del enlace)</translation>
    </message>
    <message>
        <source>Hidden comments</source>
        <translation>Comentarios ocultos</translation>
    </message>
    <message>
        <source>Hidden instructions</source>
        <translation>Instrucciones ocultas</translation>
    </message>
    <message>
        <source>Other formatting codes (the text is kept)</source>
        <translation>Otros códigos de formato (se conserva el texto)</translation>
    </message>
    <message>
        <source>Lists nested too deeply (the items are kept)</source>
        <translation>Listas con demasiados niveles (se conservan los elementos)</translation>
    </message>
    <message>
        <source>{what}: {count}</source>
        <extracomment>What each kind of removal (as :mod:`agreement_sanitiser` names it) is, in plain words.</extracomment>
        <translation>{what}: {count}</translation>
    </message>
    <message>
        <source>This laptop is not ready for signing yet: HR must first set the HR password (from the kiosk&apos;s HR… entry, or zzsign hr-password).</source>
        <translation>Este portátil todavía no está listo para firmar: RR. HH. debe establecer primero la contraseña de RR. HH. (desde la entrada «RR. HH.…» del quiosco, o con zzsign hr-password).</translation>
    </message>
    <message>
        <source>This computer&apos;s keyring does not hold the HR station&apos;s secret that joins the HR password, so HR&apos;s key cannot be opened here; use the HR station, or ask IT to restore the HR station&apos;s keyring from the copy kept with its backups.</source>
        <translation>El llavero de este equipo no guarda el secreto del puesto de RR. HH. que acompaña a la contraseña de RR. HH., así que la clave de RR. HH. no se puede abrir aquí; use el puesto de RR. HH. o pida a TI que restaure su llavero desde la copia guardada con sus copias de seguridad.</translation>
    </message>
    <message>
        <source>The records database names an HR key this laptop was not enrolled with, so nothing will be signed; ask HR to check this laptop&apos;s enrolment.</source>
        <extracomment>What a laptop says when the records database&apos;s HR key is not the one pinned in its keyring.</extracomment>
        <translation>La base de datos de registros indica una clave de RR. HH. con la que este portátil no se inscribió, así que no se firmará nada; pida a RR. HH. que revise la inscripción de este portátil.</translation>
    </message>
    <message>
        <source>This kiosk holds only HR&apos;s public key; use the HR station.</source>
        <extracomment>What a kiosk says when asked for something only HR&apos;s private key can do.</extracomment>
        <translation>Este quiosco solo guarda la clave pública de RR. HH.; use el puesto de RR. HH.</translation>
    </message>
    <message>
        <source>HR has no signing key on this store yet; run zzsign hr init with the HR password to make it.</source>
        <extracomment>What ``zzsign hr fingerprint`` says on a store whose HR keys predate HR&apos;s signing key.</extracomment>
        <translation>RR. HH. aún no tiene clave de firma en este almacén; ejecute zzsign hr init con la contraseña de RR. HH. para crearla.</translation>
    </message>
    <message>
        <source>The HR password is already set; use Change password.</source>
        <translation>La contraseña de RR. HH. ya está establecida; use «Cambiar contraseña».</translation>
    </message>
    <message>
        <source>Too many wrong HR passwords; wait {wait} and try again.</source>
        <translation>Demasiadas contraseñas de RR. HH. incorrectas; espere {wait} e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The HR password is not correct. Wait {wait} before the next try.</source>
        <translation>La contraseña de RR. HH. no es correcta. Espere {wait} antes del siguiente intento.</translation>
    </message>
    <message>
        <source>The HR password is not correct.</source>
        <translation>La contraseña de RR. HH. no es correcta.</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1 segundo</translation>
    </message>
    <message>
        <source>{count} seconds</source>
        <translation>{count} segundos</translation>
    </message>
    <message>
        <source>Saved to USB drive {drive} as {file}.</source>
        <extracomment>Where desktops mount removable media (udisks: /media/USER/LABEL or /run/media/USER/LABEL). The most copies of one record kept side by side on one drive (&quot;… (2).pdf&quot; up to this). True for a detected mount: saving checks it is still mounted, so that a copy never lands in the empty folder a drive leaves behind on the laptop&apos;s own disk.</extracomment>
        <translation>Su copia se guardó en la memoria USB {drive} como {file}.</translation>
    </message>
    <message>
        <source>USB drive {drive} already holds {count} copies of this agreement; use another drive.</source>
        <translation>La memoria USB {drive} ya contiene {count} copias de este acuerdo; use otra memoria.</translation>
    </message>
    <message>
        <source>USB drive {drive} is full; free some space on it or use another drive.</source>
        <extracomment>The hire&apos;s copy on their drive: readable by anyone who has the drive (it is theirs).</extracomment>
        <translation>La memoria USB {drive} está llena; libere espacio en ella o use otra memoria.</translation>
    </message>
    <message>
        <source>USB drive {drive} cannot be written to (it may be locked or read-only); use another drive.</source>
        <translation>No se puede escribir en la memoria USB {drive} (puede que esté bloqueada o sea de solo lectura); use otra memoria.</translation>
    </message>
    <message>
        <source>Your copy could not be saved to USB drive {drive}; plug it in again and press Save to USB drive, or use another drive.</source>
        <translation>No se pudo guardar su copia en la memoria USB {drive}; vuelva a conectarla y pulse «Guardar en memoria USB», o use otra memoria.</translation>
    </message>
    <message>
        <source>USB drive {drive} was removed before your copy was saved; plug it in again and press Save to USB drive.</source>
        <translation>La memoria USB {drive} se retiró antes de que se guardara su copia; vuelva a conectarla y pulse «Guardar en memoria USB».</translation>
    </message>
    <message>
        <source>Your copy could not be made just now, but your signature is saved; ask HR for a copy quoting the record ID.</source>
        <translation>Ahora mismo no se ha podido crear su copia, pero su firma está guardada; pida una copia a RR. HH. indicando el ID del registro.</translation>
    </message>
    <message>
        <source>There is no record {record_id} in this store; check the record ID.</source>
        <translation>No existe ningún registro {record_id} en este almacén de registros; compruebe el ID del registro.</translation>
    </message>
    <message>
        <source>Record {record_id} was already voided on {day}; a record can be voided only once.</source>
        <translation>El registro {record_id} ya se anuló el {day}; un registro solo puede anularse una vez.</translation>
    </message>
    <message>
        <source>No printer is connected to this laptop; save your copy to a USB drive, or ask HR for a copy.</source>
        <translation>No hay ninguna impresora conectada a este portátil; guarde su copia en una memoria USB o pida una copia a RR. HH.</translation>
    </message>
    <message>
        <source>The printer {printer} did not take your copy; check that it is on and has paper, then press Print… again, or save your copy to a USB drive.</source>
        <extracomment>Names and models of &quot;printers&quot; that write a file instead of paper. The print job&apos;s name in the printer&apos;s queue (never the hire&apos;s name).</extracomment>
        <translation>La impresora {printer} no aceptó su copia; compruebe que está encendida y tiene papel y vuelva a pulsar «Imprimir…», o guarde su copia en una memoria USB.</translation>
    </message>
    <message>
        <source>The reason</source>
        <extracomment>The reason, as a sentence about it names it (&quot;The reason can be at most …&quot;).</extracomment>
        <translation>El motivo</translation>
    </message>
    <message>
        <source>Give a reason for voiding of at least {minimum} characters, saying why the record no longer stands.</source>
        <translation>Indique un motivo de anulación de al menos {minimum} caracteres que explique por qué el registro ya no es válido.</translation>
    </message>
    <message>
        <source>Choose an HR password of at least {minimum} characters.</source>
        <extracomment>A new HR password must need at least 10**10 guesses by zxcvbn&apos;s estimate (its score 4). The copied database needs the HR station&apos;s keyring too (format 2); whoever has both pays one argon2id below per guess, about 0.8 CPU-seconds: 10**10 guesses are some 250 CPU-years, where zxcvbn&apos;s score 3 (10**8) would fall to a hundred cores in a fortnight. zxcvbn scores no more than this many characters (it refuses longer input); the first 72 characters of a longer password are scored. Words an attacker would try first on this company&apos;s HR password (zxcvbn&apos;s user inputs).</extracomment>
        <translation>Elija una contraseña de RR. HH. de al menos {minimum} caracteres.</translation>
    </message>
    <message>
        <source>Choose an HR password that is not only spaces.</source>
        <translation>Elija una contraseña de RR. HH. que no sea solo espacios.</translation>
    </message>
    <message>
        <source>Choose an HR password that is not one character repeated.</source>
        <translation>Elija una contraseña de RR. HH. que no sea un único carácter repetido.</translation>
    </message>
    <message>
        <source>Choose an HR password without the company&apos;s or zzsign&apos;s name in it, for example four or more unrelated words.</source>
        <extracomment>What made a password easy to guess, by zxcvbn&apos;s match, most telling first; each sentence says what to do instead.</extracomment>
        <translation>Elija una contraseña de RR. HH. que no contenga el nombre de la empresa ni de zzsign, por ejemplo cuatro o más palabras sin relación entre sí.</translation>
    </message>
    <message>
        <source>Choose an HR password that is not built on a commonly used password, for example four or more unrelated words.</source>
        <translation>Elija una contraseña de RR. HH. que no se base en una contraseña de uso común, por ejemplo cuatro o más palabras sin relación entre sí.</translation>
    </message>
    <message>
        <source>Choose an HR password without keyboard patterns such as qwerty, for example four or more unrelated words.</source>
        <translation>Elija una contraseña de RR. HH. sin patrones de teclado como qwerty, por ejemplo cuatro o más palabras sin relación entre sí.</translation>
    </message>
    <message>
        <source>Choose an HR password without sequences such as abc or 6543, for example four or more unrelated words.</source>
        <translation>Elija una contraseña de RR. HH. sin secuencias como abc o 6543, por ejemplo cuatro o más palabras sin relación entre sí.</translation>
    </message>
    <message>
        <source>Choose an HR password without repeated letters or words, for example four or more unrelated words.</source>
        <translation>Elija una contraseña de RR. HH. sin letras ni palabras repetidas, por ejemplo cuatro o más palabras sin relación entre sí.</translation>
    </message>
    <message>
        <source>Choose an HR password without dates or years, for example four or more unrelated words.</source>
        <translation>Elija una contraseña de RR. HH. sin fechas ni años, por ejemplo cuatro o más palabras sin relación entre sí.</translation>
    </message>
    <message>
        <source>Choose a longer HR password of less common words, for example four or more unrelated words.</source>
        <translation>Elija una contraseña de RR. HH. más larga, con palabras menos comunes, por ejemplo cuatro o más palabras sin relación entre sí.</translation>
    </message>
    <message>
        <source>Choose a longer HR password that is harder to guess, for example four or more unrelated words.</source>
        <translation>Elija una contraseña de RR. HH. más larga y difícil de adivinar, por ejemplo cuatro o más palabras sin relación entre sí.</translation>
    </message>
    <message>
        <source>This laptop&apos;s signing key does not match the one its records were signed with; ask IT before signing anything more (zzsign verify explains what it finds).</source>
        <translation>La clave de firma de este portátil no coincide con la que firmó sus registros; consulte a TI antes de firmar nada más (zzsign verify explica lo que encuentra).</translation>
    </message>
    <message>
        <source>This laptop&apos;s keyring has lost the key that seals its signed copies, so nothing will be signed; ask IT to restore the keyring, or to start a new store (zzsign restore --new-store).</source>
        <extracomment>What the kiosk shows when the keyring lacks the key of the seal this installation&apos;s row names.</extracomment>
        <translation>El llavero de este portátil ha perdido la clave que sella sus copias firmadas, así que no se firmará nada; pida a TI que restaure el llavero o que inicie un almacén nuevo (zzsign restore --new-store).</translation>
    </message>
    <message>
        <source>This laptop&apos;s records are missing from its data folder; ask IT to restore them from the latest backup.</source>
        <extracomment>What the kiosk shows when this laptop&apos;s records database was deleted or replaced.</extracomment>
        <translation>Faltan los registros de este portátil en su carpeta de datos; pida a TI que los restaure desde la copia de seguridad más reciente.</translation>
    </message>
    <message>
        <source>The agreement shipped with zzsign is damaged; ask IT to reinstall zzsign.</source>
        <extracomment>What the kiosk shows when the agreement or disclosure shipped with zzsign fails its check.</extracomment>
        <translation>El acuerdo incluido con zzsign está dañado; pida a TI que vuelva a instalar zzsign.</translation>
    </message>
    <message>
        <source>This laptop&apos;s keyring names an installation that this records database does not hold (the database was replaced, or zzsign is pointed at another one), so nothing will be signed; ask IT to check the database URL zzsign is given.</source>
        <extracomment>What IT reads on the command line in that case: how to bring the records back. What the kiosk and the command line say when this laptop&apos;s keyring names an installation that the records database does not hold.</extracomment>
        <translation>El llavero de este portátil nombra una instalación que esta base de datos de registros no tiene (la base de datos se sustituyó, o zzsign apunta a otra), así que no se firmará nada; pida a TI que compruebe la URL de la base de datos que se le da a zzsign.</translation>
    </message>
    <message>
        <source>The records database is busy in another program; wait a moment and try again, or ask IT if this keeps happening.</source>
        <extracomment>Extended code: the shared-memory file beside a WAL database could not grow (no space left). Below this much free space, an I/O error from SQLite is taken for a full disk.</extracomment>
        <translation>Otro programa está usando la base de datos de registros; espere un momento y vuelva a intentarlo, o consulte a TI si sigue ocurriendo.</translation>
    </message>
    <message>
        <source>The disk is full, so the record could not be saved; ask IT to free some space.</source>
        <translation>El disco está lleno y no se ha podido guardar el registro; pida a TI que libere espacio.</translation>
    </message>
    <message>
        <source>The records folder cannot be written to; ask IT to check its permissions or disk.</source>
        <translation>No se puede escribir en la carpeta de registros; pida a TI que revise sus permisos o el disco.</translation>
    </message>
    <message>
        <source>The records database is damaged; ask IT to restore it from the latest backup (it has not been changed).</source>
        <translation>La base de datos de registros está dañada; pida a TI que la restaure desde la copia de seguridad más reciente (no se ha modificado).</translation>
    </message>
    <message>
        <source>The records database could not be used because of a storage error; ask IT for help.</source>
        <translation>No se ha podido usar la base de datos de registros por un error de almacenamiento; pida ayuda a TI.</translation>
    </message>
    <message>
        <source>The records database server cannot be reached; check this laptop&apos;s network connection, or ask IT to check that the server is running.</source>
        <translation>No se puede contactar con el servidor de la base de datos de registros; compruebe la conexión de red de este portátil o pida a TI que compruebe que el servidor está en marcha.</translation>
    </message>
    <message>
        <source>The records database server refused zzsign&apos;s user name or password; ask IT to check the database URL zzsign is given.</source>
        <translation>El servidor de la base de datos de registros rechazó el usuario o la contraseña de zzsign; pida a TI que compruebe la URL de la base de datos que se le da a zzsign.</translation>
    </message>
    <message>
        <source>The records database server did not answer in time; try again in a moment, or ask IT to check the network and the server.</source>
        <translation>El servidor de la base de datos de registros no respondió a tiempo; vuelva a intentarlo en un momento o pida a TI que compruebe la red y el servidor.</translation>
    </message>
    <message>
        <source>The records database server accepts no changes right now (it is read-only), so nothing was saved; ask IT to check the server.</source>
        <translation>El servidor de la base de datos de registros no acepta cambios ahora mismo (es de solo lectura), así que no se guardó nada; pida a TI que compruebe el servidor.</translation>
    </message>
    <message>
        <source>The records database server does not allow this laptop to do this; ask IT to check the laptop&apos;s database rights.</source>
        <translation>El servidor de la base de datos de registros no permite que este portátil haga esto; pida a TI que revise los permisos del portátil en la base de datos.</translation>
    </message>
    <message>
        <source>The records database named in zzsign&apos;s database URL does not exist on the server; ask IT to create it and run zzsign db upgrade.</source>
        <translation>La base de datos de registros indicada en la URL de la base de datos de zzsign no existe en el servidor; pida a TI que la cree y ejecute zzsign db upgrade.</translation>
    </message>
    <message>
        <source>zzsign cannot use PostgreSQL databases on this computer yet; ask IT to install zzsign&apos;s PostgreSQL driver (zzsign[postgresql]).</source>
        <translation>zzsign aún no puede usar bases de datos PostgreSQL en este ordenador; pida a TI que instale el controlador PostgreSQL de zzsign (zzsign[postgresql]).</translation>
    </message>
    <message>
        <source>This laptop&apos;s signing key is missing from the password store (keyring), so new records cannot be signed; ask IT to restore the keyring or use a new data folder.</source>
        <translation>Falta la clave de firma de este portátil en el almacén de contraseñas (llavero), así que no se pueden firmar registros nuevos; pida a TI que restaure el llavero o use una carpeta de datos nueva.</translation>
    </message>
    <message>
        <source>No secure password store (keyring) is available on this computer, so zzsign cannot protect its signing key; ask IT to install or unlock one (for example GNOME Keyring or KWallet).</source>
        <translation>Este ordenador no tiene ningún almacén de contraseñas seguro (llavero), así que zzsign no puede proteger su clave de firma; pida a TI que instale o desbloquee uno (por ejemplo, GNOME Keyring o KWallet).</translation>
    </message>
    <message>
        <source>The password store (keyring) is locked; unlock it (log in again or open your keyring app) and try again.</source>
        <translation>El almacén de contraseñas (llavero) está bloqueado; desbloquéelo (vuelva a iniciar sesión o abra su aplicación de llavero) y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The password store (keyring) could not be used, so zzsign cannot protect its signing key; make sure it is running and unlocked (log in again or ask IT) and try again.</source>
        <translation>No se ha podido usar el almacén de contraseñas (llavero), así que zzsign no puede proteger su clave de firma; compruebe que está en marcha y desbloqueado (vuelva a iniciar sesión o consulte a TI) y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The password store (keyring) chosen in PYTHON_KEYRING_BACKEND or keyringrc.cfg could not be loaded; correct or remove that setting and try again.</source>
        <translation>No se ha podido cargar el almacén de contraseñas (llavero) elegido en PYTHON_KEYRING_BACKEND o keyringrc.cfg; corrija o elimine ese ajuste y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>This records database was made by a newer version of zzsign; install that version (or a later one) to use it — it has not been changed.</source>
        <translation>Esta base de datos de registros se creó con una versión más reciente de zzsign; instale esa versión (o una posterior) para usarla: no se ha modificado.</translation>
    </message>
    <message>
        <source>This records database is not set up for this version of zzsign yet; ask IT to run zzsign db upgrade on it.</source>
        <translation>Esta base de datos de registros aún no está preparada para esta versión de zzsign; pida a TI que ejecute zzsign db upgrade en ella.</translation>
    </message>
    <message>
        <source>opened</source>
        <extracomment>(position, step name, payload hash) of each audit event of a format-1 record. Each audit step as a sentence names it (the domain&apos;s Step values): shown translated with it.</extracomment>
        <translation>abierto</translation>
    </message>
    <message>
        <source>details entered</source>
        <translation>datos introducidos</translation>
    </message>
    <message>
        <source>consented to electronic records</source>
        <translation>consentimiento a los registros electrónicos</translation>
    </message>
    <message>
        <source>reached end of agreement</source>
        <translation>llegó al final del acuerdo</translation>
    </message>
    <message>
        <source>acknowledged third party clause</source>
        <translation>confirmó la cláusula de información de terceros</translation>
    </message>
    <message>
        <source>acknowledged agreement</source>
        <translation>confirmó el acuerdo</translation>
    </message>
    <message>
        <source>signature adopted</source>
        <translation>firma adoptada</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>firmado</translation>
    </message>
    <message>
        <source>a field was changed after signing</source>
        <extracomment>The slots a link&apos;s template keeps open once its installation and kind are in, in its order. How often (seconds) Python hands the GIL from one thread to another while a walk&apos;s signatures are checked (its default is 5 ms; see :func:`sharing_the_gil`). Signatures handed to the threads at a time while a walk reads on.</extracomment>
        <translation>se cambió un campo después de la firma</translation>
    </message>
    <message>
        <source>it is not in the chain (added outside zzsign)</source>
        <translation>no está en la cadena (se añadió fuera de zzsign)</translation>
    </message>
    <message>
        <source>audit event {position} ({step}) was changed or is not in the chain</source>
        <translation>el evento de auditoría {position} ({step}) se cambió o no está en la cadena</translation>
    </message>
    <message>
        <source>its void was deleted (its chain entry remains)</source>
        <translation>se eliminó su anulación (su entrada en la cadena se conserva)</translation>
    </message>
    <message>
        <source>its void is not in the chain (added outside zzsign)</source>
        <translation>su anulación no está en la cadena (se añadió fuera de zzsign)</translation>
    </message>
    <message>
        <source>its void (reason, time or who voided it) was changed after signing</source>
        <translation>su anulación (motivo, hora o quién la anuló) se cambió después de la firma</translation>
    </message>
    <message>
        <source>Record intact: it matches its signed chain entry and its sealed data opens.</source>
        <extracomment>The statuses a record can have: signed and standing, voided by HR, or no longer readable. The word shown for a status.</extracomment>
        <translation>Registro intacto: coincide con su entrada firmada de la cadena y sus datos sellados se abren.</translation>
    </message>
    <message>
        <source>{listed}; {problem}</source>
        <translation>{listed}; {problem}</translation>
    </message>
    <message>
        <source>Problems found: {problems}.</source>
        <translation>Problemas encontrados: {problems}.</translation>
    </message>
    <message>
        <source>its stored fields cannot be read (missing, edited or damaged)</source>
        <translation>sus campos guardados no se pueden leer (faltan, se editaron o están dañados)</translation>
    </message>
    <message>
        <source>its void can no longer be read (edited or damaged)</source>
        <translation>su anulación ya no se puede leer (se editó o está dañada)</translation>
    </message>
    <message>
        <source>its sealed personal data differs from what was signed</source>
        <extracomment>A record&apos;s sealed personal data does not match the commitment it was signed with.</extracomment>
        <translation>sus datos personales sellados difieren de los que se firmaron</translation>
    </message>
    <message>
        <source>its sealed personal data does not open with HR&apos;s key</source>
        <translation>sus datos personales sellados no se abren con la clave de RR. HH.</translation>
    </message>
    <message>
        <source>its signature image differs from the one signed</source>
        <translation>su imagen de firma difiere de la que se firmó</translation>
    </message>
    <message>
        <source>{file} is a folder; give a file name to export to.</source>
        <extracomment>Told ``(records done, records in all)`` before the first record and after each one; may raise :class:`ExportCancelled` to stop the export (nothing is then written).</extracomment>
        <translation>{file} es una carpeta; indique un nombre de archivo para la exportación.</translation>
    </message>
    <message>
        <source>{file} is not a regular file; give a file name to export to.</source>
        <translation>{file} no es un archivo normal; indique un nombre de archivo para la exportación.</translation>
    </message>
    <message>
        <source>The folder for {file} does not exist; create it or choose another folder.</source>
        <translation>La carpeta de {file} no existe; créela o elija otra carpeta.</translation>
    </message>
    <message>
        <source>Cannot write in the folder for {file} ({reason}); choose another folder.</source>
        <translation>No se puede escribir en la carpeta de {file} ({reason}); elija otra carpeta.</translation>
    </message>
    <message>
        <source>Record {record_id} {what}, so nothing was exported; run zzsign verify to see what is wrong.</source>
        <translation>El registro {record_id} {what}, por lo que no se ha exportado nada; ejecute zzsign verify para ver qué falla.</translation>
    </message>
    <message>
        <source>Record {record_id}: {problem}, so nothing was exported; run zzsign verify to see what is wrong.</source>
        <translation>Registro {record_id}: {problem}, por lo que no se ha exportado nada; ejecute zzsign verify para ver qué falla.</translation>
    </message>
    <message>
        <source>is not in the chain</source>
        <extracomment>What is wrong with a record that cannot be exported (completes &quot;Record &lt;id&gt; …&quot;).</extracomment>
        <translation>no está en la cadena</translation>
    </message>
    <message>
        <source>has a void that can no longer be read (edited or damaged)</source>
        <translation>tiene una anulación que ya no se puede leer (se editó o está dañada)</translation>
    </message>
    <message>
        <source>The export stopped because one of its worker processes ended unexpectedly, so nothing was written; try again.</source>
        <translation>La exportación se ha detenido porque uno de sus procesos de trabajo terminó de forma inesperada, por lo que no se ha escrito nada; vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>{file} could not be written ({reason}), so nothing was saved; free some space or choose another folder.</source>
        <extracomment>The kinds of export, as ``zzsign export --format`` names them.</extracomment>
        <translation>No se ha podido escribir {file} ({reason}), por lo que no se ha guardado nada; libere espacio o elija otra carpeta.</translation>
    </message>
    <message>
        <source>does not open with HR&apos;s key</source>
        <extracomment>What is wrong with a record whose row cannot be exported (completes &quot;Record &lt;id&gt; …&quot;; a Message, so that HR&apos;s export dialog shows it translated).</extracomment>
        <translation>no se abre con la clave de RR. HH.</translation>
    </message>
    <message>
        <source>holds personal data that differs from what was signed</source>
        <translation>contiene datos personales que difieren de los que se firmaron</translation>
    </message>
    <message>
        <source>can no longer be read (edited or damaged)</source>
        <translation>ya no se puede leer (se editó o está dañado)</translation>
    </message>
    <message>
        <source>Agreement version {version} has no Third Party Information clause.</source>
        <extracomment>Markdown headings: &quot;## 4. Title&quot; (ATX), and a line of &quot;=&quot; or &quot;-&quot; under a paragraph (setext). A section number at the start of a heading, and the title after it: &quot;4. Title&quot;, &quot;4) Title&quot;, &quot;7.2 Title&quot;, &quot;IV. Title&quot;, &quot;B) Title&quot;, &quot;Section 4: Title&quot;, &quot;Article IV — Title&quot;, &quot;§ 4 Title&quot;.</extracomment>
        <translation>La versión {version} del acuerdo no tiene la cláusula «Third Party Information» (información de terceros).</translation>
    </message>
    <message>
        <source>I have read, understood and agree to the ZZ Servers {title}, version {version}.</source>
        <translation>He leído y entendido el acuerdo “ZZ Servers {title}”, versión {version}, y lo acepto.</translation>
    </message>
    <message>
        <source>The document manifest in {folder} is unreadable.</source>
        <translation>No se puede leer el manifiesto de documentos de {folder}.</translation>
    </message>
    <message>
        <source>Version {version} is missing from {folder}.</source>
        <translation>Falta la versión {version} en {folder}.</translation>
    </message>
    <message>
        <source>The text of version {version} in {folder} differs from the published version; publish changed text as a new version.</source>
        <translation>El texto de la versión {version} en {folder} difiere de la versión publicada; publique el texto modificado como una versión nueva.</translation>
    </message>
    <message>
        <source>Version {version} in {folder} is not NFC-normalised.</source>
        <translation>La versión {version} en {folder} no está normalizada en NFC.</translation>
    </message>
    <message>
        <source>No documents are listed in {folder}.</source>
        <translation>No hay ningún documento en la lista de {folder}.</translation>
    </message>
    <message>
        <source>The agreement text for version {version} differs from the one already signed under that version; publish it as a new version.</source>
        <extracomment>The columns of ``signature_records`` as stored: a hash as its raw bytes, not as hex text (verify&apos;s lean read: most of them are only hashed or compared). What turns each raw column into what the mapped column gives (None: nothing to do).</extracomment>
        <translation>El texto del acuerdo de la versión {version} difiere del que ya se firmó con esa versión; publíquelo como una versión nueva.</translation>
    </message>
    <message>
        <source>The disclosure text for version {version} differs from the one already signed under that version; publish it as a new version.</source>
        <translation>El texto de la información sobre registros electrónicos de la versión {version} difiere del que ya se firmó con esa versión; publíquelo como una versión nueva.</translation>
    </message>
    <message>
        <source>Give the central database URL without its password; each kiosk keeps the password in its own ~/.pgpass.</source>
        <extracomment>What an enrolment file says it is, and the version of its layout. The largest enrolment file read (two documents&apos; texts and two keys fit in far less).</extracomment>
        <translation>Indique la URL de la base de datos central sin su contraseña; cada quiosco guarda la contraseña en su propio ~/.pgpass.</translation>
    </message>
    <message>
        <source>The central database URL is not a database server&apos;s URL; give one such as postgresql+psycopg://zzsign@db.example.com/zzsign.</source>
        <translation>La URL de la base de datos central no es la de un servidor de bases de datos; indique una como postgresql+psycopg://zzsign@db.example.com/zzsign.</translation>
    </message>
    <message>
        <source>This is not an enrolment file zzsign can read, so nothing was changed; ask HR for the file zzsign hr enrol-kiosk made.</source>
        <translation>Este no es un archivo de inscripción que zzsign pueda leer, así que no se cambió nada; pida a RR. HH. el archivo que creó zzsign hr enrol-kiosk.</translation>
    </message>
    <message>
        <source>The enrolment file was changed after HR signed it, so nothing was changed; ask HR for a new one.</source>
        <translation>El archivo de inscripción se modificó después de que RR. HH. lo firmara, así que no se cambió nada; pida uno nuevo a RR. HH.</translation>
    </message>
    <message>
        <source>The enrolment file cannot be read; check its path and try again.</source>
        <translation>No se puede leer el archivo de inscripción; compruebe su ruta e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The enrolment file names HR&apos;s fingerprint {fingerprint}, not the one given with --expect, so nothing was changed; check the fingerprint with HR.</source>
        <translation>El archivo de inscripción indica la huella de RR. HH. {fingerprint}, no la indicada con --expect, así que no se cambió nada; compruebe la huella con RR. HH.</translation>
    </message>
    <message>
        <source>This laptop is enrolled to another HR already, so nothing was changed; to move it to this HR, run zzsign enrol again with --replace-hr.</source>
        <translation>Este portátil ya está inscrito con otro RR. HH., así que no se cambió nada; para pasarlo a este RR. HH., ejecute de nuevo zzsign enrol con --replace-hr.</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Read the agreement</source>
        <translation>Lea el acuerdo</translation>
    </message>
    <message>
        <source>Signing electronically</source>
        <translation>Firma electrónica</translation>
    </message>
    <message>
        <source>No problem — you can sign on paper</source>
        <translation>No hay problema: puede firmar en papel</translation>
    </message>
    <message>
        <source>Your details</source>
        <translation>Sus datos</translation>
    </message>
    <message>
        <source>Signed — thank you</source>
        <extracomment>How often the page looks for a USB drive plugged in while it is on screen. Answers per line, so that many printers wrap instead of widening the page.</extracomment>
        <translation>Firmado. ¡Gracias!</translation>
    </message>
    <message>
        <source>Review and sign</source>
        <extracomment>The signature&apos;s width on the page, in pixels.</extracomment>
        <translation>Revise y firme</translation>
    </message>
    <message>
        <source>Sign the agreement</source>
        <extracomment>Room for the longest legal name with spaces to spare; a longer paste is cut here rather than drawn (a name tens of thousands of characters long is too wide to render as an image).</extracomment>
        <translation>Firme el acuerdo</translation>
    </message>
    <message>
        <source>Employee Confidentiality Agreement</source>
        <translation>Acuerdo de confidencialidad para empleados</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>Your details</source>
        <extracomment>The steps the progress line names (translated where shown, in the context &quot;Progress&quot;).</extracomment>
        <translation>Sus datos</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lectura</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Step {step} of {steps} · {name}</source>
        <extracomment>The hire chose *Change details* on Review: Continue on the details page returns there. Replaced in tests: prints the paper copy on the named printer, or raises UserFacingError. The pages :meth:`_build_pages` makes once the store is open.</extracomment>
        <translation>Paso {step} de {steps} · {name}</translation>
    </message>
    <message>
        <source>ZZ Servers · Onboarding</source>
        <translation>ZZ Servers · Incorporación</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <source>Publish a new agreement version</source>
        <translation>Publicar una nueva versión del acuerdo</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Publicar</translation>
    </message>
    <message>
        <source>Removed while sanitising</source>
        <translation>Eliminado al depurar el texto</translation>
    </message>
    <message>
        <source>Nothing had to be removed: the text is shown as written.</source>
        <translation>No ha habido que eliminar nada: el texto se muestra tal como está escrito.</translation>
    </message>
    <message>
        <source>This is {file} exactly as new hires will read it, after sanitising. Check the text, choose its version number, then publish it. Records signed before stay tied to their own version.</source>
        <translation>Este es el archivo {file} exactamente como lo leerán las nuevas incorporaciones, una vez depurado. Revise el texto, elija su número de versión y publíquelo. Los registros firmados antes siguen vinculados a su propia versión.</translation>
    </message>
    <message>
        <source>SHA-256 of this text: {digest}</source>
        <translation>SHA-256 de este texto: {digest}</translation>
    </message>
</context>
<context>
    <name>RecordDetail</name>
    <message>
        <source>Record ID</source>
        <extracomment>The fields&apos; captions (English sources: :attr:`values` is keyed by them).</extracomment>
        <translation>ID del registro</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>Firmado el</translation>
    </message>
    <message>
        <source>Work email</source>
        <translation>Correo de trabajo</translation>
    </message>
    <message>
        <source>Employee ID</source>
        <translation>N.º de empleado</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Incorporación</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Acuerdo</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Significado</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>Instalación</translation>
    </message>
    <message>
        <source>Select a record to see its details.</source>
        <translation>Seleccione un registro para ver sus detalles.</translation>
    </message>
    <message>
        <source>Signature image</source>
        <translation>Imagen de la firma</translation>
    </message>
    <message>
        <source>Audit timeline</source>
        <translation>Cronología de auditoría</translation>
    </message>
    <message>
        <source>Open signed PDF</source>
        <translation>Abrir el PDF firmado</translation>
    </message>
    <message>
        <source>Mark this record void, with a reason; nothing is deleted</source>
        <translation>Marcar este registro como anulado, con un motivo; no se elimina nada</translation>
    </message>
    <message>
        <source>Version {version}: {title}</source>
        <translation>Versión {version}: {title}</translation>
    </message>
    <message>
        <source>Disclosure version {version}, accepted</source>
        <translation>Información sobre registros electrónicos, versión {version}, aceptada</translation>
    </message>
    <message>
        <source>Drawn</source>
        <translation>Dibujada</translation>
    </message>
    <message>
        <source>Typed</source>
        <translation>Tecleada</translation>
    </message>
    <message>
        <source> · demo data</source>
        <translation> · datos de demostración</translation>
    </message>
    <message>
        <source>(the signature image cannot be shown)</source>
        <translation>(no se puede mostrar la imagen de la firma)</translation>
    </message>
    <message>
        <source>voided by {who}</source>
        <translation>anulado por {who}</translation>
    </message>
</context>
<context>
    <name>RecordStatus</name>
    <message>
        <source>Signed</source>
        <extracomment>The word shown for each status (the services&apos; STATUS_LABELS, marked for translation here).</extracomment>
        <translation>Firmado</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Anulado</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Dañado</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>Signed at</source>
        <translation>Firmado el</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Employee ID</source>
        <translation>Número de empleado</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Agreement version</source>
        <translation>Versión del acuerdo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>{when} (UTC)</source>
        <extracomment>What each column shows, and what it sorts by. The record id of a row (Qt.ItemDataRole.UserRole).</extracomment>
        <translation>{when} (UTC)</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Sign agreement</source>
        <translation>Firmar el acuerdo</translation>
    </message>
    <message>
        <source>Change details</source>
        <translation>Cambiar datos</translation>
    </message>
    <message>
        <source>Change signature</source>
        <translation>Cambiar firma</translation>
    </message>
    <message>
        <source>Full legal name</source>
        <extracomment>The rows&apos; captions (English sources: :attr:`ReviewPage.values` is keyed by them).</extracomment>
        <translation>Nombre legal completo</translation>
    </message>
    <message>
        <source>Work email</source>
        <translation>Correo electrónico de trabajo</translation>
    </message>
    <message>
        <source>Employee ID</source>
        <translation>Número de empleado</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Fecha de incorporación</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Acuerdo</translation>
    </message>
    <message>
        <source>Electronic records</source>
        <translation>Registros electrónicos</translation>
    </message>
    <message>
        <source>Third Party Information</source>
        <translation>Información de terceros</translation>
    </message>
    <message>
        <source>Whole agreement</source>
        <translation>Acuerdo completo</translation>
    </message>
    <message>
        <source>Meaning of signature</source>
        <translation>Significado de la firma</translation>
    </message>
    <message>
        <source>Check what will be recorded. When you press Sign agreement, your signature is applied and the record is saved; it cannot be changed afterwards.</source>
        <translation>Compruebe lo que se va a registrar. Al pulsar Firmar el acuerdo, se aplica su firma y se guarda el registro; después ya no se puede modificar.</translation>
    </message>
    <message>
        <source>Your details</source>
        <extracomment>The value shown for each row, by its caption (in English, the source language).</extracomment>
        <translation>Sus datos</translation>
    </message>
    <message>
        <source>Your signature</source>
        <translation>Su firma</translation>
    </message>
    <message>
        <source>The agreement</source>
        <translation>El acuerdo</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>{title}, version {version}</source>
        <translation>{title}, versión {version}</translation>
    </message>
    <message>
        <source>Consented {when}</source>
        <translation>Consentimiento dado el {when}</translation>
    </message>
    <message>
        <source>Acknowledged {when}</source>
        <translation>Confirmado el {when}</translation>
    </message>
    <message>
        <source>Typed signature</source>
        <translation>Firma tecleada</translation>
    </message>
    <message>
        <source>Drawn signature</source>
        <translation>Firma dibujada</translation>
    </message>
</context>
<context>
    <name>ScreenSaver</name>
    <message>
        <source>A new hire is reading and signing the confidentiality agreement</source>
        <extracomment>Why the screen saver is held off, as the desktop lists it (in the interface&apos;s language).</extracomment>
        <translation>Una nueva incorporación está leyendo y firmando el acuerdo de confidencialidad</translation>
    </message>
</context>
<context>
    <name>SignPage</name>
    <message>
        <source>Draw my signature</source>
        <translation>Dibujar mi firma</translation>
    </message>
    <message>
        <source>Type my signature</source>
        <translation>Escribir mi firma con el teclado</translation>
    </message>
    <message>
        <source>Type your full legal name</source>
        <translation>Escriba su nombre legal completo</translation>
    </message>
    <message>
        <source>Clear</source>
        <extracomment>Under a translated meaning: the English wording the record keeps (None in English).</extracomment>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>SignatureMeaning</name>
    <message>
        <source>Your record keeps this sentence in English: “{meaning}”</source>
        <extracomment>Each language zzsign has a catalogue for, by its name in that language. Languages whose every string has a finished translation: the only ones offered to people (tests/test_language.py checks a language listed here is complete). Where the catalogues live: the ``.ts`` sources in a checkout, the compiled ``.qm`` files in a wheel or a bundle (both, in a checkout that was built once). None: the shipped resources&apos; ``translations`` folder, looked up only when a catalogue is needed (not before the first paint of an English kiosk).</extracomment>
        <translation>Su registro guarda esta frase en inglés: «{meaning}»</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Signature pad</source>
        <extracomment>Emitted when a stroke ends and when the pad is cleared.</extracomment>
        <translation>Panel de firma</translation>
    </message>
    <message>
        <source>Draw your signature with a mouse, pen or finger</source>
        <translation>Dibuje su firma con el ratón, un lápiz o el dedo</translation>
    </message>
    <message>
        <source>Sign here</source>
        <translation>Firme aquí</translation>
    </message>
</context>
<context>
    <name>SignedCopy</name>
    <message>
        <source>{width} × {height} pixels at {scale}× scale</source>
        <extracomment>The certificate&apos;s type sizes, largest first: the first that fits it on one page is used. HR&apos;s fingerprint (of HR&apos;s signing key), None if HR&apos;s keys here predate it A table across the page, its cells touching. No borders, so no &quot;border-collapse&quot; (which would draw nothing different and costs Qt a fifth more to lay the table out). Where the values of label-and-value rows start, as a share of the text width.</extracomment>
        <translation>{width} × {height} píxeles a escala {scale}×</translation>
    </message>
    <message>
        <source>{width} × {height} pixels at {scale}× scale, display {name}</source>
        <translation>{width} × {height} píxeles a escala {scale}×, pantalla {name}</translation>
    </message>
    <message>
        <source>The record and each step of its audit trail are entries in the signing laptop&apos;s chain, each signed with the key below and linked by hash to the entry before it, so a record changed, removed or slipped in later breaks the chain.</source>
        <translation>El registro y cada paso de su registro de auditoría son entradas de la cadena del portátil de firma, cada una firmada con la clave indicada abajo y enlazada por hash a la entrada anterior, de modo que un registro cambiado, eliminado o añadido después rompe la cadena.</translation>
    </message>
    <message>
        <source>The signing is one entry in the signing laptop&apos;s chain: the record it signs holds the whole audit trail above, and it is signed with the key below and linked by hash to the entry before it, so a record changed, removed or slipped in later breaks the chain.</source>
        <translation>La firma es una entrada de la cadena del portátil de firma: el registro que firma contiene todo el registro de auditoría anterior, está firmado con la clave indicada abajo y enlazado por hash a la entrada anterior, de modo que un registro cambiado, eliminado o añadido después rompe la cadena.</translation>
    </message>
    <message>
        <source>The agreement in this copy is the text HR published, without translation: it is the binding text.</source>
        <translation>El acuerdo de esta copia es el texto que publicó RR. HH., sin traducir: es el texto vinculante.</translation>
    </message>
    <message>
        <source>Drawn by hand on the signature pad ({strokes} strokes, {points} points, pad {width} × {height}); reproduced from the recorded vector strokes</source>
        <translation>Dibujada a mano en el panel de firma ({strokes} trazos, {points} puntos, panel de {width} × {height}); reproducida a partir de los trazos vectoriales registrados</translation>
    </message>
    <message>
        <source>Typed name adopted as the signature, shown in the {family} font ({file})</source>
        <translation>Nombre tecleado adoptado como firma, mostrado con la fuente {family} ({file})</translation>
    </message>
    <message>
        <source>The complete record is attached to this PDF as {attachment}.</source>
        <translation>El registro completo va adjunto a este PDF como {attachment}.</translation>
    </message>
    <message>
        <source>ZZ Servers {title}, version {version}</source>
        <translation>ZZ Servers {title}, versión {version}</translation>
    </message>
    <message>
        <source>{name} signed the ZZ Servers {title}, version {version}, on {when}.</source>
        <translation>{name} firmó el acuerdo «ZZ Servers {title}», versión {version}, el {when}.</translation>
    </message>
    <message>
        <source>Certificate of completion</source>
        <translation>Certificado de finalización</translation>
    </message>
    <message>
        <source>Completed.</source>
        <translation>Completado.</translation>
    </message>
    <message>
        <source>{notice} (record ID {record_id}).</source>
        <translation>{notice} (ID del registro {record_id}).</translation>
    </message>
    <message>
        <source>Ask HR to check this copy against it.</source>
        <translation>Pida a RR. HH. que coteje esta copia con él.</translation>
    </message>
    <message>
        <source>DEMONSTRATION RECORD — not a real signing.</source>
        <translation>REGISTRO DE DEMOSTRACIÓN: no es una firma real.</translation>
    </message>
    <message>
        <source>To check this copy, run zzsign verify on the PDF file: it checks the seal, the attached record and its chain entry.</source>
        <translation>Para comprobar esta copia, ejecute zzsign verify sobre el archivo PDF: comprueba el sello, el registro adjunto y su entrada en la cadena.</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Record ID</source>
        <translation>ID del registro</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Acuerdo</translation>
    </message>
    <message>
        <source>Agreement hash (SHA-256)</source>
        <translation>SHA-256 del acuerdo</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Firmante</translation>
    </message>
    <message>
        <source>Full legal name</source>
        <translation>Nombre legal completo</translation>
    </message>
    <message>
        <source>Work email</source>
        <translation>Correo de trabajo</translation>
    </message>
    <message>
        <source>Employee ID</source>
        <translation>N.º de empleado</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Fecha de incorporación</translation>
    </message>
    <message>
        <source>Consent to electronic records</source>
        <translation>Consentimiento a los registros electrónicos</translation>
    </message>
    <message>
        <source>Disclosure shown</source>
        <translation>Información mostrada</translation>
    </message>
    <message>
        <source>{title}, version {version}</source>
        <translation>{title}, versión {version}</translation>
    </message>
    <message>
        <source>Disclosure hash (SHA-256)</source>
        <translation>SHA-256 de la información</translation>
    </message>
    <message>
        <source>Consent given</source>
        <translation>Consentimiento dado</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>Computer used</source>
        <translation>Equipo utilizado</translation>
    </message>
    <message>
        <source>Computer name</source>
        <translation>Nombre del equipo</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>Sistema operativo</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Pantalla</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>Integridad</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Aplicación</translation>
    </message>
    <message>
        <source>Installation ID</source>
        <translation>ID de la instalación</translation>
    </message>
    <message>
        <source>Installation public key</source>
        <translation>Clave pública de la instalación</translation>
    </message>
    <message>
        <source>HR&apos;s key fingerprint</source>
        <translation>Huella de la clave de RR. HH.</translation>
    </message>
    <message>
        <source>Record chain</source>
        <translation>Cadena de registros</translation>
    </message>
    <message>
        <source>Entry {position} in the signing laptop&apos;s chain of signed entries</source>
        <translation>Entrada {position} de la cadena de entradas firmadas del portátil de firma</translation>
    </message>
    <message>
        <source>Chain entry hash (SHA-256)</source>
        <translation>SHA-256 de la entrada</translation>
    </message>
    <message>
        <source>Record hash (SHA-256)</source>
        <translation>SHA-256 del registro</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>Hora local</translation>
    </message>
    <message>
        <source>d MMMM yyyy</source>
        <comment>QLocale date format: a day written out</comment>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>d MMMM yyyy, HH:mm:ss</source>
        <comment>QLocale date and time format: a day written out and a time of day</comment>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy, HH:mm:ss</translation>
    </message>
    <message>
        <source>DEMO — {badge}</source>
        <translation>DEMO — {badge}</translation>
    </message>
    <message>
        <source>ZZ Servers — {title}, version {version}</source>
        <translation>ZZ Servers — {title}, versión {version}</translation>
    </message>
    <message>
        <source>Record {record_id} · signed {day} UTC</source>
        <translation>Registro {record_id} · firmado el {day} UTC</translation>
    </message>
    <message>
        <source>Page {number} of {total}</source>
        <translation>Página {number} de {total}</translation>
    </message>
    <message>
        <source>Printed name</source>
        <extracomment>Pad pixels are ~1/96 in: a drawn signature keeps up to 1.25× its natural size on paper. A name too long for one line at 12 pt wraps, at 12 pt or smaller down to this. A labelled value under the signature line: caption, value, the value&apos;s font, a line below.</extracomment>
        <translation>Nombre en letra de imprenta</translation>
    </message>
    <message>
        <source>Date and time of signing</source>
        <translation>Fecha y hora de la firma</translation>
    </message>
    <message>
        <source>Signed on {when}</source>
        <translation>Firmado el {when}</translation>
    </message>
    <message>
        <source>Drawn by hand on the kiosk&apos;s signature pad and reproduced here from its recorded vector strokes.</source>
        <extracomment>Each confirmation wraps short of the times&apos; column (a longer language takes lines).</extracomment>
        <translation>Dibujada a mano en el panel de firma del quiosco y reproducida aquí a partir de sus trazos vectoriales registrados.</translation>
    </message>
    <message>
        <source>Typed by the signer and adopted as their signature, shown in the {family} handwriting font.</source>
        <translation>Tecleada por el firmante y adoptada como su firma, mostrada con la fuente manuscrita {family}.</translation>
    </message>
    <message>
        <source>SIGNATURE METHOD</source>
        <translation>MÉTODO DE FIRMA</translation>
    </message>
    <message>
        <source>BEFORE SIGNING, THE SIGNER</source>
        <translation>ANTES DE FIRMAR, EL FIRMANTE</translation>
    </message>
    <message>
        <source>Translation: “{rendering}” The English above is what was recorded.</source>
        <translation>Traducción: «{rendering}» Lo que consta en el registro es la frase en inglés de arriba.</translation>
    </message>
    <message>
        <source>This signature page completes the ZZ Servers {title}, version {version}, set out on pages 1–{last_page}.</source>
        <translation>Esta página de firma completa el acuerdo «ZZ Servers {title}», versión {version}, que figura en las páginas 1–{last_page}.</translation>
    </message>
    <message>
        <source>Paper copy — not sealed. The sealed electronic record is kept by ZZ Servers HR</source>
        <extracomment>The translation context of every word the copy draws on its pages. The name under which the signed copy carries its evidence (JSON). What a printed copy says about itself, under every page and on its certificate (there with the record ID; in the footer the record ID is on the line above).</extracomment>
        <translation>Copia en papel, sin sellar. El registro electrónico sellado lo conserva RR. HH. de ZZ Servers</translation>
    </message>
    <message>
        <source>Copy from a combined HR export — not sealed. The sealed electronic record is kept by ZZ Servers HR</source>
        <extracomment>What each copy in HR&apos;s combined PDF says about itself (merging drops each copy&apos;s seal and attachment), in the same places as the paper copy&apos;s notice.</extracomment>
        <translation>Copia de una exportación combinada de RR. HH., sin sellar. El registro electrónico sellado lo conserva RR. HH. de ZZ Servers</translation>
    </message>
    <message>
        <source>This certificate is part of the signed copy above. It records who signed, what was signed, and when, where and how each step was completed.</source>
        <extracomment>The certificate&apos;s opening sentence, which names the copy. An unsealed copy&apos;s notice (footer and certificate); None for the sealed signed copy. The PDF the hire takes away and HR makes again: sealed, the record attached.</extracomment>
        <translation>Este certificado forma parte de la copia firmada anterior. Deja constancia de quién firmó, qué se firmó y cuándo, dónde y cómo se completó cada paso.</translation>
    </message>
    <message>
        <source>SIGNED COPY</source>
        <translation>COPIA FIRMADA</translation>
    </message>
    <message>
        <source>This certificate is part of the paper copy above. It records who signed, what was signed, and when, where and how each step was completed.</source>
        <extracomment>*Print…* on the Done page.</extracomment>
        <translation>Este certificado forma parte de la copia en papel anterior. Deja constancia de quién firmó, qué se firmó y cuándo, dónde y cómo se completó cada paso.</translation>
    </message>
    <message>
        <source>PAPER COPY — NOT SEALED</source>
        <translation>EN PAPEL — SIN SELLAR</translation>
    </message>
    <message>
        <source>This certificate is part of the exported copy above. It records who signed, what was signed, and when, where and how each step was completed.</source>
        <extracomment>One signer&apos;s pages in HR&apos;s combined PDF export.</extracomment>
        <translation>Este certificado forma parte de la copia exportada anterior. Deja constancia de quién firmó, qué se firmó y cuándo, dónde y cómo se completó cada paso.</translation>
    </message>
    <message>
        <source>HR EXPORT — NOT SEALED</source>
        <translation>EXPORTADA — SIN SELLAR</translation>
    </message>
    <message>
        <source>Opened the agreement</source>
        <translation>Abrió el acuerdo</translation>
    </message>
    <message>
        <source>Entered signer details</source>
        <translation>Introdujo sus datos</translation>
    </message>
    <message>
        <source>Consented to electronic records</source>
        <translation>Aceptó los registros electrónicos</translation>
    </message>
    <message>
        <source>Reached the end of the agreement</source>
        <translation>Llegó al final del acuerdo</translation>
    </message>
    <message>
        <source>Acknowledged the Third Party Information clause</source>
        <translation>Confirmó la cláusula de información de terceros</translation>
    </message>
    <message>
        <source>Acknowledged the agreement as a whole</source>
        <translation>Confirmó el acuerdo en su totalidad</translation>
    </message>
    <message>
        <source>Adopted the signature</source>
        <translation>Adoptó la firma</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmó</translation>
    </message>
</context>
<context>
    <name>SigningWizard</name>
    <message>
        <source>Your signed copy was sent to the printer {printer}.</source>
        <translation>Su copia firmada se envió a la impresora {printer}.</translation>
    </message>
</context>
<context>
    <name>TypedSignaturePreview</name>
    <message>
        <source>Typed signature preview</source>
        <translation>Vista previa de la firma tecleada</translation>
    </message>
    <message>
        <source>Your name as it will appear as your signature</source>
        <translation>Su nombre tal como aparecerá en su firma</translation>
    </message>
    <message>
        <source>Type your name to preview it</source>
        <translation>Escriba su nombre para ver cómo queda</translation>
    </message>
    <message>
        <source>Typed signature: {name}</source>
        <translation>Firma tecleada: {name}</translation>
    </message>
    <message>
        <source>No name typed yet</source>
        <translation>Todavía no ha escrito ningún nombre</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Reason for voiding</source>
        <translation>Motivo de la anulación</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Firmante</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>Firmado el</translation>
    </message>
    <message>
        <source>Record ID</source>
        <translation>ID del registro</translation>
    </message>
    <message>
        <source>Void record</source>
        <translation>Anular registro</translation>
    </message>
    <message>
        <source>The record is kept and marked void: nothing is deleted. Your reason, the time and who voided it become a signed entry of the record&apos;s chain, which verification checks. A record can be voided only once, and a void cannot be undone.</source>
        <translation>El registro se conserva y se marca como anulado: no se elimina nada. Su motivo, la hora y quién lo anuló pasan a ser una entrada firmada de la cadena del registro, que la verificación comprueba. Un registro solo puede anularse una vez, y la anulación no se puede deshacer.</translation>
    </message>
    <message>
        <source>Void this record?</source>
        <translation>¿Anular este registro?</translation>
    </message>
    <message>
        <source>e.g. Signed under the wrong name</source>
        <translation>p. ej., firmado con un nombre incorrecto</translation>
    </message>
    <message>
        <source>Required: {least} to {most} characters, saying why the record no longer stands.</source>
        <translation>Obligatorio: entre {least} y {most} caracteres que expliquen por qué el registro ya no es válido.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to ZZ Servers. Before you start work, every employee reads and signs the Employee Confidentiality Agreement. It explains how we protect our customers&apos; information, their accounts and their communications, and what that asks of you.</source>
        <translation>Le damos la bienvenida a ZZ Servers. Antes de empezar a trabajar, todos los empleados leen y firman el acuerdo de confidencialidad para empleados. En él se explica cómo protegemos la información de nuestros clientes, sus cuentas y sus comunicaciones, y lo que eso supone para usted.</translation>
    </message>
    <message>
        <source>It takes about 10 minutes. You will enter your details, agree to sign electronically, read the agreement, and sign it with a mouse, pen, finger or your keyboard. At the end you can save or print a signed copy.</source>
        <translation>Se tarda unos 10 minutos. Introducirá sus datos, aceptará firmar por medios electrónicos, leerá el acuerdo y lo firmará con el ratón, un lápiz, el dedo o el teclado. Al final podrá guardar o imprimir una copia firmada.</translation>
    </message>
    <message>
        <source>This computer is shared. When you finish, or after a few minutes without activity, everything you entered is cleared from the screen.</source>
        <translation>Este ordenador es compartido. Cuando termine, o tras unos minutos sin actividad, todo lo que haya introducido se borrará de la pantalla.</translation>
    </message>
    <message>
        <source>Getting ready…</source>
        <translation>Preparando…</translation>
    </message>
    <message>
        <source>Start</source>
        <extracomment>One button per other offered language, by its code.</extracomment>
        <translation>Empezar</translation>
    </message>
</context>
</TS>
