#!/usr/bin/env bash
# Builds the release artifacts (ADR-0038): one file tree with a jlink-trimmed Java runtime and both launchers (made by
# jpackage), systemd units, shell completion and man pages, packed twice: as a .deb (dpkg-deb) and as a .tar.gz.
# Run by the `release` Maven profile (packaging/pom.xml) after the jars are built; by hand:
#   packaging/release/build.sh --jdk DIR --version V --docs DIR --out DIR
# --docs is what pideploy.packaging.CommandDocs generated (completions/, man/). Needs the JDK's jlink and jpackage,
# dpkg-deb and fakeroot (Debian's dpkg and fakeroot packages).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
packaging=$(dirname "$here")
root=$(dirname "$packaging")

jdk="" version="" docs="" out=""
while [ $# -gt 0 ]; do
    case $1 in
        --jdk) jdk=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        --docs) docs=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "build.sh: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
    esac
done
for v in jdk version docs out; do
    [ -n "${!v}" ] || { echo "build.sh: --$v is missing (see the header of $0)" >&2; exit 2; }
done
for tool in "$jdk/bin/jlink" "$jdk/bin/jpackage"; do
    [ -x "$tool" ] || { echo "build.sh: $tool not found: pass a full JDK 21+ with --jdk" >&2; exit 2; }
done
for tool in dpkg-deb fakeroot; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool not found: apt-get install dpkg fakeroot" >&2; exit 2; }
done
server_jar=$root/deploy-server/target/pideploy.jar
installer_jar=$root/installer-cli/target/pi-installer.jar
for jar in "$server_jar" "$installer_jar"; do
    [ -f "$jar" ] || { echo "build.sh: $jar missing: build it first (mvn -B -Prelease package)" >&2; exit 2; }
done

# Debian versions may not contain '-' without a revision; 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT (sorts before 0.1.0).
deb_version=${version//-/\~}
arch=amd64
name=pideploy_${deb_version}_${arch}
work=$out/work
tree=$work/$name
rm -rf "$work" && mkdir -p "$work" "$out"

# --- Java runtime: one for both commands. Modules: jdeps of both programs' jars (java.management for the JVM's
# metrics, java.xml for bmap files) and jdk.zipfs. The AWT/X11, sound and splash-screen libraries of java.desktop (referenced by Jackson, Micrometer and SnakeYAML
# for java.beans only) are left out, so the package needs no X libraries.
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml
modules=$modules,jdk.httpserver,jdk.management,jdk.unsupported,jdk.zipfs
echo "release: jlink runtime ($modules)"
"$jdk/bin/jlink" --add-modules "$modules" --output "$work/runtime" \
    --strip-debug --no-header-files --no-man-pages --compress zip-6 \
    --exclude-files='**/libawt_xawt.so,**/libjsound.so,**/libsplashscreen.so,**/libjawt.so,**/libfontmanager.so,**/liblcms.so,**/libjavajpeg.so,**/libmlib_image.so,**/libawt_headless.so'

# --- Application image: jpackage's native launchers around the runtime. Input: the server's jar and libs, and the
# installer's in installer/ (also what the netboot kit copies onto the Pi, found beside pideploy.jar).
input=$work/input
mkdir -p "$input/installer"
cp "$server_jar" "$input/" && cp -r "$root/deploy-server/target/libs" "$input/libs"
cp "$installer_jar" "$input/installer/" && cp -r "$root/installer-cli/target/libs" "$input/installer/libs"
cat > "$work/pi-installer.properties" <<PROPS
main-jar=installer/pi-installer.jar
main-class=pideploy.installer.cli.PiInstallerMain
description=PiDeploy installer: writes, verifies and customizes a Raspberry Pi's card
java-options=--enable-native-access=ALL-UNNAMED
PROPS
echo "release: jpackage app image"
"$jdk/bin/jpackage" --type app-image --dest "$work/image" --name pideploy --app-version "${version%%-*}" \
    --description "PiDeploy: deploys Raspberry Pi fleets over the network" --vendor PiDeploy \
    --input "$input" --main-jar pideploy.jar --main-class pideploy.deploy.server.PiDeployMain \
    --java-options '-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED' \
    --add-launcher "pi-installer=$work/pi-installer.properties" --runtime-image "$work/runtime"
app=$work/image/pideploy
# jpackage puts every jar of its input on every launcher's class path; each program gets its own jars only.
classpath() { # cfg-file main-jar libs-dir(relative to app/)
    local cfg=$1 main=$2 libs=$3 tmp; tmp=$(mktemp)
    grep -v '^app\.classpath=' "$cfg" | while IFS= read -r line; do
        printf '%s\n' "$line"
        if [ "$line" = "[Application]" ]; then
            printf 'app.classpath=$APPDIR/%s\n' "$main"
            for jar in "$app/lib/app/$libs"/*.jar; do printf 'app.classpath=$APPDIR/%s/%s\n' "$libs" "${jar##*/}"; done
        fi
    done > "$tmp"
    mv "$tmp" "$cfg"
}
classpath "$app/lib/app/pideploy.cfg" pideploy.jar libs
classpath "$app/lib/app/pi-installer.cfg" installer/pi-installer.jar installer/libs

# --- The file tree, the same in both artifacts (install with `tar -C / -xzf` where there is no dpkg).
install -d "$tree/usr/lib" "$tree/usr/bin"
cp -a "$app" "$tree/usr/lib/pideploy"
chmod -R u+rwX,go+rX,go-w "$tree/usr/lib/pideploy"
ln -s ../lib/pideploy/bin/pideploy "$tree/usr/bin/pideploy"
ln -s ../lib/pideploy/bin/pi-installer "$tree/usr/bin/pi-installer"
install -m 0755 "$root/bin/fetch-netboot-debs" "$tree/usr/lib/pideploy/bin/fetch-netboot-debs"
install -m 0755 "$here/setup-system" "$tree/usr/lib/pideploy/bin/setup-system"
install -D -m 0644 "$packaging/pideploy.service" "$tree/lib/systemd/system/pideploy.service"
install -D -m 0644 "$packaging/pideploy-dnsmasq.service" "$tree/lib/systemd/system/pideploy-dnsmasq.service"
install -D -m 0644 "$packaging/pideploy.yaml" "$tree/etc/pideploy/pideploy.yaml"
install -d -m 0755 "$tree/usr/share/bash-completion/completions" "$tree/usr/share/man/man1"
install -m 0644 "$docs"/completions/* "$tree/usr/share/bash-completion/completions/"
for page in "$docs"/man/*.1; do gzip -9 -n -c "$page" > "$tree/usr/share/man/man1/${page##*/}.gz"; done
doc=$tree/usr/share/doc/pideploy
install -d "$doc"
install -m 0644 "$root/README.md" "$root/docs/operations.md" "$root/docs/netboot.md" "$doc/"
install -m 0644 "$packaging/pideploy.env.example" "$doc/"
find "$tree" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}" {} +

echo "release: $name.tar.gz"
tar -C "$tree" --owner=0 --group=0 --numeric-owner --sort=name -czf "$out/$name.tar.gz" .

# --- The .deb: the tree plus DEBIAN/ (control, conffiles, maintainer scripts).
install -d "$tree/DEBIAN"
installed_kib=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
sed -e "s/@VERSION@/$deb_version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_kib/" \
    "$here/deb/control" > "$tree/DEBIAN/control"
printf '/etc/pideploy/pideploy.yaml\n' > "$tree/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "$here/deb/$script" "$tree/DEBIAN/$script"; done
echo "release: $name.deb"
fakeroot dpkg-deb --root-owner-group -Zgzip --build "$tree" "$out/$name.deb" >/dev/null
rm -rf "$tree/DEBIAN"
ls -l "$out/$name.deb" "$out/$name.tar.gz"
