; Inno Setup 6 script: the FrontDesk installer for Windows 10/11 (x64), one per computer.
;
; Build on Windows with installer\build-windows.ps1, which builds dist\FrontDesk\ with PyInstaller and
; then runs:   ISCC.exe /DAppVersion=<version> installer\frontdesk.iss
; (AppVersion comes from the package version; the fallback below is only for a bare ISCC run.)
; Output: dist\FrontDesk-<version>-setup.exe
;
; Not built in CI (Inno Setup runs on Windows only); this script is kept deliberately small.
;
; What it does: installs for all users into Program Files (needs administrator rights), Start-menu
; and desktop shortcuts, registers an uninstaller in Settings > Apps. Uninstalling removes the
; program only: the practice's data (each user's %LOCALAPPDATA%\FrontDesk, or wherever
; FRONTDESK_DATA_DIR points) is never listed below, so it is never deleted.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "FrontDesk"
#define AppPublisher "FrontDesk"
#define AppExe "frontdesk.exe"

[Setup]
; The AppId identifies FrontDesk to Windows across versions (upgrades replace, never duplicate). Never change it.
AppId={{0DCB30E5-2697-42CF-8D5C-17273FB5FA80}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppComments=Offline front-desk software for a small medical practice
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany={#AppPublisher}
; Per machine: Program Files, shortcuts for all users, uninstaller under HKLM.
PrivilegesRequired=admin
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\resources\icons\frontdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Uninstallable=yes
; An open FrontDesk holds its files; ask to close it rather than leave a half-updated folder.
CloseApplications=yes
RestartApplications=no
OutputDir=..\dist
OutputBaseFilename=FrontDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
; Checked by default: the front desk starts FrontDesk from the desktop.
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the program's libraries as a whole, so no file of an older version lingers.
; {app} holds the program only; the practice data is never inside it.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\FrontDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Appointments, patients and billing"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; There is deliberately no [UninstallDelete] section: the uninstaller removes exactly the files listed
; in [Files] (and the empty folders left), and nothing of the practice's data folder.
