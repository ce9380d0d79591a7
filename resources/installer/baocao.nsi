; BaoCao — trình cài đặt Windows (NSIS 3, Unicode).
;
; Build (after `pyinstaller build.spec`):
;   makensis /DSRCDIR=%CD%\dist\BaoCao /DVERSION=0.1.0 /DOUTFILE=%CD%\dist\BaoCao-0.1.0-setup.exe resources\installer\baocao.nsi
; makensis works in this script's folder: give SRCDIR and OUTFILE as absolute paths.
; SRCDIR is the PyInstaller one-folder bundle (BaoCao.exe, baocao-cli.exe, _internal\);
; VERSION is pyproject.toml's version (X.Y.Z).  Optional: /DFAST_COMPRESSION (zlib instead of
; solid LZMA: a bigger installer, built much faster — the packaging test uses it);
; /DSIGNCMD=C:\path\sign.cmd (a script that code-signs the file given as its argument: then
; the installer and the uninstaller it carries are both signed; see docs/packaging.md).
;
; Per-user install, no administrator rights: %LOCALAPPDATA%\Programs\BaoCao, shortcuts in the
; user's Start menu and on the desktop, the uninstaller and the .baocao file association
; under HKCU.  The user's data (%LOCALAPPDATA%\BaoCao: database, keys, settings, logs) is
; separate and the uninstaller keeps it unless the user ticks "Xóa cả dữ liệu".

Unicode true
; BaoCao runs on 64-bit Windows only: a 64-bit installer where this NSIS has the amd64 stubs
; (Debian's nsis does; the Windows release workflow checks which one it built), else the
; classic 32-bit one, which installs the same files under the same per-user keys.
!if /FileExists "${NSISDIR}\Stubs\zlib-amd64-unicode"
  Target amd64-unicode
!endif
ManifestDPIAware true
RequestExecutionLevel user

!ifndef SRCDIR
  !error "Thiếu /DSRCDIR=<thư mục dist\BaoCao do PyInstaller tạo>"
!endif
!ifndef VERSION
  !error "Thiếu /DVERSION=X.Y.Z (phiên bản trong pyproject.toml)"
!endif
!ifndef OUTFILE
  !define OUTFILE "BaoCao-${VERSION}-setup.exe"
!endif

!define APP "BaoCao"
!define APP_EXE "BaoCao.exe"
!define PUBLISHER "BaoCao"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define PROGID "BaoCao.Package"
!ifndef ICON
  !define ICON "..\icons\baocao.ico" ; relative to this script's folder
!endif

!ifdef SIGNCMD
  !finalize '"${SIGNCMD}" "%1"' = 0
  !uninstfinalize '"${SIGNCMD}" "%1"' = 0
!endif

!ifdef FAST_COMPRESSION
  SetCompressor zlib
!else
  SetCompressor /SOLID lzma
!endif

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING

!define MUI_WELCOMEPAGE_TEXT "Chương trình sẽ cài ${APP} ${VERSION} — báo cáo và tổng hợp số liệu kinh tế - xã hội — cho riêng tài khoản Windows này. Không cần quyền quản trị.$\r$\n$\r$\nNếu BaoCao đang mở, hãy đóng lại trước khi cài.$\r$\n$\r$\n$_CLICK"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${APP} ngay"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_COMPONENTSPAGE_TEXT_TOP "Dữ liệu báo cáo (cơ sở dữ liệu, khóa ký, cài đặt, nhật ký) được GIỮ LẠI, trừ khi bạn đánh dấu ô dưới đây."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${APP}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "${PUBLISHER}"

Function .onInit
  SetShellVarContext current
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP} cần Windows 64-bit." /SD IDOK
    Abort
  ${EndIf}
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "${APP} cần Windows 10 trở lên." /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "${APP}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; an update: remove the previous version's libraries so no stale file is left behind
  RMDir /r "$INSTDIR\_internal"
  File /r "${SRCDIR}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortCut "$DESKTOP\${APP}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"

  ; Programs and Features (per user)
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0

  ; .baocao packages open in BaoCao (imported into the inbox); per user, no admin
  WriteRegStr HKCU "Software\Classes\.baocao" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Gói số liệu BaoCao"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)' ; SHCNE_ASSOCCHANGED
SectionEnd

Section "un.${APP}" UnSecApp
  SectionIn RO
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  ; only what the installer put there: safe even if the folder was chosen badly
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\baocao-cli.exe"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"

  ReadRegStr $0 HKCU "Software\Classes\.baocao" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey HKCU "Software\Classes\.baocao"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APP}"
SectionEnd

; Unticked by default; a silent uninstall (/S) chooses it only with /XOADULIEU.
Var PurgeAsked
Section /o "un.Xóa cả dữ liệu báo cáo (%LOCALAPPDATA%\${APP})" UnSecData
  ${If} $PurgeAsked != "1"
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "Xóa vĩnh viễn toàn bộ dữ liệu báo cáo trong $LOCALAPPDATA\${APP}?$\r$\nHãy chắc chắn đã sao lưu: không thể khôi phục." /SD IDNO IDYES remove
    Return
  ${EndIf}
  remove:
  RMDir /r "$LOCALAPPDATA\${APP}"
SectionEnd

; after the sections, so that ${UnSecData} is known
Function un.onInit
  SetShellVarContext current
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/XOADULIEU" $R1
  ${IfNot} ${Errors}
    StrCpy $PurgeAsked "1"
    SectionSetFlags ${UnSecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
