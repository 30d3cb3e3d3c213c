#!/bin/sh
# Install (or update) the zzsign bundle this script sits in: run it as root from the unpacked
# bundle folder.
#
#   sudo ./install.sh                       # the program, the menu launcher and the icon
#   sudo ./install.sh --kiosk-user kiosk    # the same, and zzsign --kiosk starts when the
#                                           # user "kiosk" logs in (XDG autostart entry)
#
# What goes where: the bundle into /opt/zzsign (replaced whole on update; records are never
# there), the command /usr/local/bin/zzsign, the launcher
# /usr/local/share/applications/zzsign.desktop, the icon
# /usr/local/share/icons/hicolor/scalable/apps/zzsign.svg, and for --kiosk-user the entry
# ~USER/.config/autostart/zzsign-kiosk.desktop. DESTDIR=/some/root installs under that root
# instead (for packaging, or to look before installing).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
destdir=${DESTDIR:-}
kiosk_user=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kiosk-user) kiosk_user=${2:?"--kiosk-user needs a user name"}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1; see install.sh --help" >&2; exit 2 ;;
  esac
done

if [ ! -x "$here/zzsign" ] || [ ! -d "$here/_internal" ]; then
  echo "install.sh: run it from the unpacked zzsign bundle (zzsign and _internal/ beside it)" >&2
  exit 2
fi
if [ -z "$destdir" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run it as root (sudo ./install.sh)" >&2
  exit 2
fi
if [ -n "$kiosk_user" ]; then
  home=$(getent passwd "$kiosk_user" | cut -d: -f6) || true
  if [ -z "$home" ]; then
    echo "install.sh: there is no user $kiosk_user; create it first (adduser $kiosk_user)" >&2
    exit 2
  fi
fi

# The program: copied next to the old one, then swapped in, so a failed copy changes nothing.
mkdir -p "$destdir/opt"
rm -rf "$destdir/opt/zzsign.new" "$destdir/opt/zzsign.old"
cp -a "$here" "$destdir/opt/zzsign.new"
chmod -R u=rwX,go=rX "$destdir/opt/zzsign.new"
if [ -e "$destdir/opt/zzsign" ]; then mv "$destdir/opt/zzsign" "$destdir/opt/zzsign.old"; fi
mv "$destdir/opt/zzsign.new" "$destdir/opt/zzsign"
rm -rf "$destdir/opt/zzsign.old"

mkdir -p "$destdir/usr/local/bin" "$destdir/usr/local/share/applications" \
  "$destdir/usr/local/share/icons/hicolor/scalable/apps"
ln -sfn /opt/zzsign/zzsign "$destdir/usr/local/bin/zzsign"
install -m 0644 "$here/zzsign.desktop" "$destdir/usr/local/share/applications/zzsign.desktop"
install -m 0644 "$here/zzsign.svg" \
  "$destdir/usr/local/share/icons/hicolor/scalable/apps/zzsign.svg"

if [ -n "$kiosk_user" ]; then
  autostart="$destdir$home/.config/autostart"
  mkdir -p "$autostart"
  install -m 0644 "$here/zzsign-kiosk.desktop" "$autostart/zzsign-kiosk.desktop"
  if [ -z "$destdir" ]; then
    chown "$kiosk_user:" "$home/.config" "$autostart" "$autostart/zzsign-kiosk.desktop"
  fi
  echo "zzsign --kiosk starts when $kiosk_user logs in."
fi
echo "Installed $("$destdir/opt/zzsign/zzsign" --version) in /opt/zzsign."
