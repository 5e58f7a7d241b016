; posapp installer for Windows (NSIS 3), per machine. Built by packaging/build.py:
;   python packaging\build.py windows        (on Windows: the bundle, files.nsh, this script)
; or by hand, after the bundle and its file list:
;   python packaging\windows\nsis_files.py build\dist\posapp build\files.nsh
;   makensis /DBUNDLE=C:\src\posapp\build\dist\posapp /DFILES=C:\src\posapp\build\files.nsh
;            /DVERSION=0.1.0 packaging\windows\posapp.nsi
;
; Silent switches (packaging/README.md has the table and the exit codes):
;   /S                     no window, no question; every message box takes its /SD answer
;   /AUTOSTART=USER        start posapp --kiosk when USER signs in (a scheduled task, that user only)
;   /NOAUTOSTART           remove that task (neither switch: an upgrade keeps what was there)
;   /SETTINGS=FILE         copy FILE to %PROGRAMDATA%\posapp\settings.toml (machine-wide settings)
;   /D=DIR                 NSIS's own: install there (last, unquoted); default Program Files\posapp
; The uninstaller takes /S (with _?=DIR last, it waits and its exit code is the uninstall's). Both refuse (exit code 2, no box with /S) while a posapp window runs;
; a wrong switch is exit code 4, and nothing is changed.
;
; Uninstalling removes the files this installer put there (the list in files.nsh), its
; shortcuts, task and registry keys, and nothing else: every user's orders, settings and logs
; (%LOCALAPPDATA%\posapp, %APPDATA%\posapp) and the machine-wide %PROGRAMDATA%\posapp stay, so
; no queued order is ever lost.

Unicode true
Target amd64-unicode  ; the bundle is 64-bit: the 64-bit Program Files, System32 and registry
ManifestDPIAware true
!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "WordFunc.nsh"
!include "nsDialogs.nsh"

!ifndef BUNDLE
  !error "makensis /DBUNDLE=<the PyInstaller folder> /DFILES=<its files.nsh> (packaging/build.py windows)"
!endif
!ifndef FILES
  !error "makensis /DFILES=<files.nsh made by packaging/windows/nsis_files.py from BUNDLE>"
!endif
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "posapp-${VERSION}-setup.exe"
!endif
!include "${FILES}"

; posapp/ui/single_instance.py creates this mutex while a posapp window is open.
!define MUTEX "Global\posapp-till"
!define SYNCHRONIZE 0x00100000
!define ERROR_ACCESS_DENIED 5
!define ERROR_NONE_MAPPED 1332
!define REGKEY "Software\posapp"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\posapp"
!define TASK "posapp kiosk autostart"
; Exit codes (NSIS's own: 0 done, 1 cancelled by the user, 2 stopped by the script).
!define EXIT_RUNNING 2     ; posapp is open: nothing was changed (try again later)
!define EXIT_PARTLY 3      ; installed, but the autostart task or the settings file failed
!define EXIT_BAD_SWITCH 4  ; a switch is wrong (unknown user, missing file): nothing was changed
!define EXIT_NOT_ADMIN 740 ; ERROR_ELEVATION_REQUIRED

Name "posapp ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\posapp"
InstallDirRegKey HKLM "${REGKEY}" "InstallDir"
RequestExecutionLevel admin
BrandingText "posapp ${VERSION}"

Var KioskUser     ; the user whose sign-in starts posapp --kiosk ("" for nobody)
Var Autostart     ; "set", "remove" or "keep" (no switch: an upgrade keeps the task it had)
Var SettingsFile  ; /SETTINGS=FILE, or ""
Var Upgrade       ; uninstaller: 1 with /UPGRADE (the installer removing the old version's files)
Var KioskField

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_DIRECTORY
Page custom KioskPage KioskPageLeave
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; --- shared by installer and uninstaller -------------------------------------------------

; Stop (exit code 2, the box only when not silent) when a posapp window is open. OpenMutexW
; fails with access denied for a mutex of another user's session: it exists all the same.
!macro REFUSE_WHILE_RUNNING WHAT
  System::Call 'kernel32::OpenMutexW(i ${SYNCHRONIZE}, i 0, w "${MUTEX}") p .r0 ?e'
  Pop $1
  ${If} $0 P<> 0
    System::Call 'kernel32::CloseHandle(p r0)'
    StrCpy $1 ${ERROR_ACCESS_DENIED}
  ${EndIf}
  ${If} $1 = ${ERROR_ACCESS_DENIED}
    MessageBox MB_OK|MB_ICONSTOP "posapp is open on this computer. Close it first (in kiosk mode with the admin PIN), then ${WHAT} again. Nothing was changed." /SD IDOK
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  ${EndIf}
!macroend

!macro REFUSE_WITHOUT_ADMIN
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "admin"
    MessageBox MB_OK|MB_ICONSTOP "posapp is installed for every user of this computer: run this as an administrator." /SD IDOK
    SetErrorLevel ${EXIT_NOT_ADMIN}
    Quit
  ${EndIf}
!macroend

!macro REMOVE_OLD_AUTOSTART
  ; Earlier installers started posapp for everyone who signed in (an HKLM Run entry): gone.
  SetRegView 32
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "posapp"
  SetRegView 64
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "posapp"
!macroend

; --- installer ------------------------------------------------------------------------------

Function Refuse  ; the message on the stack: a wrong switch, nothing changed
  Exch $0
  MessageBox MB_OK|MB_ICONSTOP "$0" /SD IDOK
  SetErrorLevel ${EXIT_BAD_SWITCH}
  Quit
FunctionEnd

; $R0: a user name; $R1 on return: "" when Windows knows that user, else why not
Function CheckUser
  StrCpy $R1 ""
  ${If} $R0 == ""
    StrCpy $R1 "/AUTOSTART= needs the kiosk user's name, for example /AUTOSTART=till."
    Return
  ${EndIf}
  System::Call 'advapi32::LookupAccountNameW(p 0, w R0, p 0, *i 0, p 0, *i 0, *i .r2) i .r0 ?e'
  Pop $1
  ${If} $1 = ${ERROR_NONE_MAPPED}
    StrCpy $R1 "There is no Windows user $\"$R0$\" on this computer: create the kiosk user first, or check the name given to /AUTOSTART."
  ${EndIf}
FunctionEnd

Function .onInit
  SetShellVarContext all
  SetRegView 64
  StrCpy $Autostart "keep"
  ${GetParameters} $R9
  ClearErrors
  ${GetOptions} $R9 "/AUTOSTART=" $R0
  ${IfNot} ${Errors}
    Call CheckUser
    ${If} $R1 != ""
      Push $R1
      Call Refuse
    ${EndIf}
    StrCpy $KioskUser $R0
    StrCpy $Autostart "set"
  ${EndIf}
  ClearErrors
  ${GetOptions} $R9 "/NOAUTOSTART" $R0
  ${IfNot} ${Errors}
    ${If} $Autostart == "set"
      Push "/AUTOSTART= and /NOAUTOSTART contradict each other: give one of them."
      Call Refuse
    ${EndIf}
    StrCpy $Autostart "remove"
  ${EndIf}
  ClearErrors
  ${GetOptions} $R9 "/SETTINGS=" $R0
  ${IfNot} ${Errors}
    ${If} $R0 != ""
    ${AndIfNot} ${FileExists} "$R0"
    ${AndIf} ${FileExists} "$EXEDIR\$R0"
      StrCpy $R0 "$EXEDIR\$R0"  ; a name relative to the installer (Intune runs it from its folder)
    ${EndIf}
    ${If} $R0 == ""
    ${OrIfNot} ${FileExists} "$R0"
      Push "The settings file $\"$R0$\" (given to /SETTINGS=) does not exist."
      Call Refuse
    ${EndIf}
    GetFullPathName $SettingsFile $R0
  ${EndIf}
  ${If} $Autostart == "keep"
    ReadRegStr $KioskUser HKLM "${REGKEY}" "AutostartUser"
  ${EndIf}
  !insertmacro REFUSE_WITHOUT_ADMIN
  !insertmacro REFUSE_WHILE_RUNNING "install"
FunctionEnd

Function KioskPage
  !insertmacro MUI_HEADER_TEXT "Kiosk user" "Start posapp full screen when this user signs in"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 36u "Windows user of the till (posapp starts in kiosk mode when this user signs in, and for nobody else). Leave it empty for no autostart."
  Pop $0
  ${NSD_CreateText} 0 42u 60% 12u "$KioskUser"
  Pop $KioskField
  nsDialogs::Show
FunctionEnd

Function KioskPageLeave
  ${NSD_GetText} $KioskField $R0
  ${If} $R0 == ""
    StrCpy $KioskUser ""
    StrCpy $Autostart "remove"
    Return
  ${EndIf}
  Call CheckUser
  ${If} $R1 != ""
    MessageBox MB_OK|MB_ICONEXCLAMATION "$R1" /SD IDOK
    Abort  ; stays on the page
  ${EndIf}
  StrCpy $KioskUser $R0
  StrCpy $Autostart "set"
FunctionEnd

; XML-escaped $R0 in $R0
Function XmlEscape
  ${WordReplace} $R0 "&" "&amp;" "+" $R0
  ${WordReplace} $R0 "<" "&lt;" "+" $R0
  ${WordReplace} $R0 ">" "&gt;" "+" $R0
FunctionEnd

; The autostart is a scheduled task "at sign-in of $KioskUser", run as that user only when that
; user is signed in (an interactive token: no password is stored). Unlike a Run entry in the
; user's hive or a shortcut in their Startup folder, it can be made before the kiosk user has
; ever signed in (no profile yet), it names the user once, and it is removed in one line.
; Written as XML (UTF-16, as Task Scheduler exports) for what schtasks' switches cannot say:
; no 72-hour run limit, normal priority, start on battery power.
Function WriteAutostartTask
  StrCpy $R0 $KioskUser
  Call XmlEscape
  StrCpy $R2 $R0
  StrCpy $R0 $INSTDIR
  Call XmlEscape
  StrCpy $R3 $R0
  InitPluginsDir
  FileOpen $0 "$PLUGINSDIR\autostart.xml" w
  FileWriteUTF16LE /BOM $0 '<?xml version="1.0" encoding="UTF-16"?>$\r$\n'
  FileWriteUTF16LE $0 '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">$\r$\n'
  FileWriteUTF16LE $0 '  <RegistrationInfo><Description>Starts the posapp till in kiosk mode when $R2 signs in (made by the posapp installer; /NOAUTOSTART removes it).</Description></RegistrationInfo>$\r$\n'
  FileWriteUTF16LE $0 '  <Triggers><LogonTrigger><Enabled>true</Enabled><UserId>$R2</UserId></LogonTrigger></Triggers>$\r$\n'
  FileWriteUTF16LE $0 '  <Principals><Principal id="Kiosk"><UserId>$R2</UserId><LogonType>InteractiveToken</LogonType><RunLevel>LeastPrivilege</RunLevel></Principal></Principals>$\r$\n'
  FileWriteUTF16LE $0 '  <Settings><MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy><DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries><StopIfGoingOnBatteries>false</StopIfGoingOnBatteries><ExecutionTimeLimit>PT0S</ExecutionTimeLimit><Priority>4</Priority><Enabled>true</Enabled></Settings>$\r$\n'
  FileWriteUTF16LE $0 '  <Actions Context="Kiosk"><Exec><Command>"$R3\posapp.exe"</Command><Arguments>--kiosk</Arguments><WorkingDirectory>$R3</WorkingDirectory></Exec></Actions>$\r$\n'
  FileWriteUTF16LE $0 '</Task>$\r$\n'
  FileClose $0
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Create /TN "${TASK}" /XML "$PLUGINSDIR\autostart.xml" /F'
  Pop $0
  ${If} $0 != 0
    MessageBox MB_OK|MB_ICONEXCLAMATION "posapp is installed, but its start at $R2's sign-in could not be set up (schtasks: $0). Run the installer again with /AUTOSTART=$KioskUser, or see packaging/README.md." /SD IDOK
    SetErrorLevel ${EXIT_PARTLY}
    Return
  ${EndIf}
  WriteRegStr HKLM "${REGKEY}" "AutostartUser" "$KioskUser"
FunctionEnd

Function RemoveAutostartTask
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Delete /TN "${TASK}" /F'
  Pop $0
  DeleteRegValue HKLM "${REGKEY}" "AutostartUser"
FunctionEnd

; %PROGRAMDATA%\posapp: the machine-wide settings (issue 14, item 1). Administrators and SYSTEM
; write there, users only read: a till user can neither change a locked setting nor put a
; settings.toml of their own in (ProgramData's default lets users create files).
Function MachineSettings
  CreateDirectory "$APPDATA\posapp"
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$APPDATA\posapp" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
  Pop $0
  ${If} $SettingsFile != ""
    ClearErrors
    CopyFiles /SILENT "$SettingsFile" "$APPDATA\posapp\settings.toml"
    ${If} ${Errors}
      MessageBox MB_OK|MB_ICONEXCLAMATION "posapp is installed, but $\"$SettingsFile$\" could not be copied to $APPDATA\posapp\settings.toml." /SD IDOK
      SetErrorLevel ${EXIT_PARTLY}
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "posapp" SecMain
  SectionIn RO
  ; An upgrade first removes the files of the version it replaces, by that version's own list
  ; (an installer of this kind wrote FileList; an older one's uninstaller is never run).
  ReadRegStr $0 HKLM "${REGKEY}" "FileList"
  ReadRegStr $1 HKLM "${REGKEY}" "InstallDir"
  ${If} $0 == "1"
  ${AndIf} ${FileExists} "$1\uninstall.exe"
    ExecWait '"$1\uninstall.exe" /S /UPGRADE _?=$1'
  ${EndIf}
  !insertmacro POSAPP_INSTALL_FILES
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${REGKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${REGKEY}" "FileList" "1"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "posapp"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "posapp"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\posapp.exe"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" $0
  ; Start menu entries for every user (SetShellVarContext all in .onInit)
  CreateShortcut "$SMPROGRAMS\posapp.lnk" "$INSTDIR\posapp.exe"
  CreateShortcut "$SMPROGRAMS\posapp demo.lnk" "$INSTDIR\posapp.exe" "--demo"
  !insertmacro REMOVE_OLD_AUTOSTART
  ${If} $Autostart == "set"
    Call WriteAutostartTask
  ${ElseIf} $Autostart == "remove"
    Call RemoveAutostartTask
  ${EndIf}
  Call MachineSettings
SectionEnd

; --- uninstaller ----------------------------------------------------------------------------

Function un.onInit
  SetShellVarContext all
  SetRegView 64
  StrCpy $Upgrade 0
  ${GetParameters} $R9
  ClearErrors
  ${GetOptions} $R9 "/UPGRADE" $R0
  ${IfNot} ${Errors}
    StrCpy $Upgrade 1
  ${EndIf}
  !insertmacro REFUSE_WITHOUT_ADMIN
  !insertmacro REFUSE_WHILE_RUNNING "uninstall"
FunctionEnd

Section "Uninstall"
  !insertmacro POSAPP_UNINSTALL_FILES
  ${If} $Upgrade = 1
    Return  ; the new version's installer goes on: shortcuts, task, settings and keys stay
  ${EndIf}
  ${If} $EXEDIR == $INSTDIR
    ; run in place ("uninstall.exe /S _?=DIR", so that the caller waits for the exit code): it
    ; cannot delete itself now, so it and the then empty folder go at the next restart
    Delete /REBOOTOK "$INSTDIR\uninstall.exe"
    RMDir /REBOOTOK "$INSTDIR"
  ${Else}
    Delete "$INSTDIR\uninstall.exe"
    RMDir "$INSTDIR"  ; only when empty: whatever else is in it is not posapp's to remove
  ${EndIf}
  Delete "$SMPROGRAMS\posapp.lnk"
  Delete "$SMPROGRAMS\posapp demo.lnk"
  nsExec::ExecToLog '"$SYSDIR\schtasks.exe" /Delete /TN "${TASK}" /F'
  Pop $0
  !insertmacro REMOVE_OLD_AUTOSTART
  DeleteRegKey HKLM "${UNINSTKEY}"
  DeleteRegKey HKLM "${REGKEY}"
  MessageBox MB_OK|MB_ICONINFORMATION "posapp was removed. Queued orders, settings and logs stay in each user's %LOCALAPPDATA%\posapp, and machine-wide settings in %PROGRAMDATA%\posapp: reinstall posapp and the orders are sent." /SD IDOK
SectionEnd
