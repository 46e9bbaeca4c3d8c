# Build the Windows app folder (dist\FrontDesk\) and its installer (dist\FrontDesk-<version>-setup.exe).
#
# Run on Windows 10/11 x64 from the repository root, in PowerShell:
#     powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1
# Needs: Python 3.11 (x64) on PATH as "py -3.11", and Inno Setup 6 (https://jrsoftware.org/isinfo.php;
# ISCC.exe in its default folder or on PATH). This script is not run in CI (no Windows runner there).
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

if (-not (Test-Path .venv-win)) { py -3.11 -m venv .venv-win }
$py = ".venv-win\Scripts\python.exe"
& $py -m pip install --upgrade pip
& $py -m pip install -c constraints.txt -e . "pyinstaller==6.22.3"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$version = & $py -c "import importlib.metadata as m; print(m.version('frontdesk'))"
& $py -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\frontdesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# frontdesk-cli.exe is the console twin of frontdesk.exe (same files), so the self-check can print.
$env:QT_QPA_PLATFORM = "offscreen"
& dist\FrontDesk\frontdesk-cli.exe --self-check
if ($LASTEXITCODE -ne 0) { throw "the bundled self-check failed" }
Remove-Item Env:QT_QPA_PLATFORM

$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" installer\frontdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "Built dist\FrontDesk-$version-setup.exe"
