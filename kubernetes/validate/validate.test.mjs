// The validator itself under test: the committed overlays pass, and each kind of broken
// manifest is rejected with the message that names the problem. Run: node --test (validate.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseYaml, validateDocuments, shutdownTimeoutSeconds } from "./validate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const kubernetesDir = path.resolve(here, "..");
const shutdownTimeout = shutdownTimeoutSeconds(path.resolve(here, "../../src/main/resources/application.properties"));

// Throw-away kustomizations live inside kubernetes/ because kustomize refuses absolute and
// out-of-tree bases.
function render(dir) {
  return parseYaml(execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }), dir);
}

const production = render(path.join(kubernetesDir, "overlays/production"));

async function errorsAfter(mutate) {
  const docs = structuredClone(production);
  mutate(docs);
  return validateDocuments(docs, { app: true, shutdownTimeout });
}
const kind = (docs, k) => docs.find((d) => d.kind === k);
const container = (docs) => kind(docs, "Deployment").spec.template.spec.containers[0];

async function rejects(mutate, pattern) {
  const errors = await errorsAfter(mutate);
  assert.ok(errors.some((e) => pattern.test(e)), `expected an error matching ${pattern}, got:\n${errors.join("\n") || "(none)"}`);
}

test("the committed overlays render and pass schema, strict-field and deployment-rule checks", async () => {
  for (const overlay of ["staging", "production"]) {
    const docs = render(path.join(kubernetesDir, "overlays", overlay));
    assert.deepEqual(await validateDocuments(docs, { app: true, shutdownTimeout }), [], overlay);
    assert.deepEqual(docs.map((d) => d.kind).sort(), ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress",
      "NetworkPolicy", "PodDisruptionBudget", "Service", "ServiceAccount"], overlay);
  }
});

test("the examples pass the schema and strict-field checks", async () => {
  for (const file of fs.readdirSync(path.join(kubernetesDir, "examples"))) {
    const docs = parseYaml(fs.readFileSync(path.join(kubernetesDir, "examples", file), "utf8"), file);
    assert.deepEqual(await validateDocuments(docs), [], file);
  }
});

test("schema: a wrong type is rejected", () => rejects((d) => { kind(d, "Deployment").spec.replicas = "two"; }, /replicas must be integer/));
test("schema: a missing required field is rejected", () => rejects((d) => { delete container(d).name; }, /required property 'name'|required property name/));
test("schema: a value outside an enum is rejected", () => rejects((d) => { container(d).imagePullPolicy = "Sometimes"; }, /imagePullPolicy must be equal to one of the allowed values/));
test("schema: an unknown kind is rejected", () => rejects((d) => { kind(d, "Deployment").kind = "Deploymnet"; }, /unknown apiVersion\/kind apps\/v1 Deploymnet/));
test("strict: a misspelt field is rejected", () => rejects((d) => { container(d).readinesProbe = container(d).readinessProbe; }, /containers\[0\]\.readinesProbe: unknown field/));
test("strict: a field at the wrong level is rejected", () => rejects((d) => { kind(d, "Deployment").spec.template.spec.readOnlyRootFilesystem = true; }, /spec\.template\.spec\.readOnlyRootFilesystem: unknown field/));

test("rules: root is rejected", () => rejects((d) => { kind(d, "Deployment").spec.template.spec.securityContext.runAsNonRoot = false; }, /runAsNonRoot must be true/));
test("rules: a writable root filesystem is rejected", () => rejects((d) => { container(d).securityContext.readOnlyRootFilesystem = false; }, /readOnlyRootFilesystem must be true/));
test("rules: a probe on the wrong path is rejected", () => rejects((d) => { container(d).readinessProbe.httpGet.path = "/q/health"; }, /readinessProbe must GET \/q\/health\/ready/));
test("rules: a grace period shorter than the shutdown budget is rejected", () => rejects((d) => { kind(d, "Deployment").spec.template.spec.terminationGracePeriodSeconds = 30; }, /terminationGracePeriodSeconds 30 < preStop 5 s \+ quarkus\.shutdown\.timeout/));
test("rules: a single replica is rejected", () => rejects((d) => { kind(d, "Deployment").spec.replicas = 1; }, /replicas must be at least 2/));
test("rules: a committed Secret is rejected", () => rejects((d) => { d.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "woosync-crypto", namespace: "woosync" }, stringData: { keys: "k1:x" } }); }, /a Secret is rendered/));
test("rules: a secret in the ConfigMap is rejected", () => rejects((d) => { kind(d, "ConfigMap").data.WOOSYNC_CRYPTO_KEYS = "k1:x"; }, /WOOSYNC_CRYPTO_KEYS must come from a Secret/));
test("rules: a missing ConfigMap is rejected", () => rejects((d) => { d.splice(d.indexOf(kind(d, "ConfigMap")), 1); }, /envFrom ConfigMap woosync-config-\w+ is not rendered/));
test("rules: a Service that selects no pod is rejected", () => rejects((d) => { kind(d, "Service").spec.selector["app.kubernetes.io/component"] = "web"; }, /Service\/woosync: selector does not match/));
test("rules: an Ingress to the management port is rejected", () => rejects((d) => { kind(d, "Ingress").spec.rules[0].http.paths[1].backend.service.port = { name: "management" }; }, /exposes the management port/));
test("rules: an HPA aimed elsewhere is rejected", () => rejects((d) => { kind(d, "HorizontalPodAutoscaler").spec.scaleTargetRef.name = "other"; }, /scaleTargetRef Deployment\/other/));

test("rules: common labels pushed into NetworkPolicy peer selectors are rejected (kustomize includeSelectors: true)", async () => {
  // The mistake this check exists for, rendered by kustomize itself: an overlay that adds its
  // labels to selectors rewrites the ingress-controller and database peers too.
  const dir = fs.mkdtempSync(path.join(here, ".tmp-kustomize-"));
  try {
    fs.writeFileSync(path.join(dir, "kustomization.yaml"), [
      "apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "namespace: woosync",
      "resources:", `  - ${path.relative(dir, path.join(kubernetesDir, "base"))}`,
      "labels:", "  - pairs:", "      app.kubernetes.io/instance: woosync-x", "    includeSelectors: true", ""].join("\n"));
    const errors = await validateDocuments(render(dir), { app: true, shutdownTimeout });
    assert.ok(errors.some((e) => /NetworkPolicy\/woosync: peer podSelector .* carries this application's label app\.kubernetes\.io\/instance/.test(e)), errors.join("\n"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("kustomize: a patch whose target does not exist fails the build", () => {
  const dir = fs.mkdtempSync(path.join(here, ".tmp-kustomize-"));
  try {
    fs.writeFileSync(path.join(dir, "kustomization.yaml"), [
      "apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization",
      "resources:", `  - ${path.relative(dir, path.join(kubernetesDir, "base"))}`,
      "patches:", "  - patch: |-", "      apiVersion: apps/v1", "      kind: Deployment", "      metadata:", "        name: woosync-typo",
      "      spec:", "        replicas: 4", ""].join("\n"));
    assert.throws(() => render(dir), /no matches for Id Deployment|failed to find unique target|woosync-typo/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("examples: a custom resource without spec is rejected", async () => {
  const errors = await validateDocuments([{ apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "db" } }]);
  assert.deepEqual(errors, ["Cluster/db: spec is required"]);
});
