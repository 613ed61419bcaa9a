#!/usr/bin/env bash
# The part of the native build that runs without GraalVM: Quarkus' build steps with
# -Dquarkus.native.sources-only=true produce target/native-sources/ (the runner jar with the
# generated reflection and resource configuration, and the exact native-image.args) and stop
# before calling native-image. This checks what can be checked here, where no GraalVM/Mandrel
# and no Docker exist (docs/operations.md, "Native image"):
#   - every Quarkus build step for native succeeds (an unsupported feature fails here),
#   - the DTOs Jackson sees only inside a Response are registered for reflection,
#   - every Flyway migration and Qute template is included as a resource,
#   - the embedded PostgreSQL (provided scope) is not on the native class path,
#   - the builder's GraalVM version and the -march setting.
# About 1-2 minutes on an idle machine. Not run by CI (it rebuilds the application).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -ntp package -Dnative -Dquarkus.native.sources-only=true -DskipTests
SRC=target/native-sources
JAR=$(ls "$SRC"/*-runner.jar)
fail=0
check() { if eval "$2"; then echo "ok    $1"; else echo "FAIL  $1"; fail=1; fi; }

REFLECT=$(unzip -p "$JAR" META-INF/native-image/reflect-config.json)
RESOURCES=$(unzip -p "$JAR" META-INF/native-image/resource-config.json)
for cls in io.woosync.web.Problem 'io.woosync.web.Problem$FieldError' io.woosync.tenant.TenantView io.woosync.tenant.TenantRequest; do
  check "reflection: $cls" "grep -qF '\"name\":\"$cls\"' <<<\"\$(tr -d ' \n' <<<\"\$REFLECT\")\""
done
for f in src/main/resources/db/migration/*.sql src/main/resources/templates/*.html src/main/resources/templates/*/*.html; do
  res=${f#src/main/resources/}
  check "resource: $res" "grep -qF '$res' <<<\"\$RESOURCES\""
done
check "no embedded PostgreSQL on the native class path" "! ls '$SRC/lib' | grep -qi zonky"
check "-march=compatibility" "grep -q -- '-march=compatibility' '$SRC/native-image.args'"
echo "GraalVM/Mandrel version the build expects: $(cat "$SRC/graalvm.version")"
echo "native-image arguments: $SRC/native-image.args"
exit $fail
