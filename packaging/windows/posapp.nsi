; posapp installer for Windows (NSIS 3). Build the bundle first (packaging/build.py bundle),
; then:  makensis /DBUNDLE=..\..\build\dist\posapp /DVERSION=0.1.0 packaging\windows\posapp.nsi
;
; Installs the one-folder bundle in Program Files, a Start-menu entry, and optionally starts
; posapp (in kiosk mode) when the kiosk user logs on. Uninstalling leaves every user's outbox,
; settings and logs (in %LOCALAPPDATA%\posapp) in place, so no queued order is ever lost.

Unicode true
!include "MUI2.nsh"

!ifndef BUNDLE
  !define BUNDLE "..\..\build\dist\posapp"
!endif
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "posapp-${VERSION}-setup.exe"
!endif

Name "posapp ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\posapp"
InstallDirRegKey HKLM "Software\posapp" "InstallDir"
RequestExecutionLevel admin

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "posapp (required)" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  WriteRegStr HKLM "Software\posapp" "InstallDir" "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\posapp"
  CreateShortcut "$SMPROGRAMS\posapp\posapp.lnk" "$INSTDIR\posapp.exe"
  CreateShortcut "$SMPROGRAMS\posapp\posapp demo.lnk" "$INSTDIR\posapp.exe" "--demo"
  CreateShortcut "$SMPROGRAMS\posapp\Uninstall posapp.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\posapp" "DisplayName" "posapp"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\posapp" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\posapp" "UninstallString" '"$INSTDIR\uninstall.exe"'
SectionEnd

Section /o "Start posapp in kiosk mode when a user logs on" SecAutostart
  ; For a till whose kiosk user logs on automatically. Shell Launcher (see README) can make
  ; posapp that user's only shell instead.
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "posapp" '"$INSTDIR\posapp.exe" --kiosk'
SectionEnd

Section "Uninstall"
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "posapp"
  Delete "$SMPROGRAMS\posapp\*.lnk"
  RMDir "$SMPROGRAMS\posapp"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\posapp"
  DeleteRegKey HKLM "Software\posapp"
  MessageBox MB_OK|MB_ICONINFORMATION "posapp was removed. Queued orders, settings and logs stay in each user's %LOCALAPPDATA%\posapp: reinstall posapp and they are sent."
SectionEnd
