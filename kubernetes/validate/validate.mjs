// Validates rendered Kubernetes manifests (the output of `kubectl kustomize`) in three layers:
//
// 1. schema:  each document against the Kubernetes OpenAPI schema of its apiVersion/kind, as
//             compiled into the npm package kubernetes-models (ajv: types, required fields,
//             enums, formats). Unknown apiVersion/kind is an error, except the custom resources
//             listed in CUSTOM_RESOURCES (no schema is available offline; see docs/operations.md).
// 2. strict:  no field the schema does not know (kubeconform -strict): typos such as
//             "readinesProbe" pass a plain schema check and are silently dropped by the API
//             server's default field validation. The known fields come from the same package's
//             type declarations, generated from the same OpenAPI document.
// 3. rules:   the deployment rules of docs/operations.md on a rendered application (an overlay):
//             probes, security context, shutdown budget, no Secret values, and that every
//             reference (ConfigMap, Service selector, ports, HPA target, PDB, NetworkPolicy,
//             Ingress backend) points at something that exists.
//
// CLI:  node validate.mjs [--app] file.yaml...   (--app: also apply the rules of layer 3)
// Exits 1 and prints every problem when anything is wrong.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelsDir = path.join(here, "node_modules", "kubernetes-models");

/** Custom resources that may appear (examples/), checked for shape only: no schema offline. */
export const CUSTOM_RESOURCES = new Set(["postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/ScheduledBackup"]);

export function parseYaml(text, source) {
  const docs = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) {
      throw new Error(`${source}: YAML error: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) docs.push(value);
  }
  return docs;
}

function modelPath(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) return null;
  const dir = path.join(modelsDir, ...apiVersion.split("/"));
  const file = path.join(dir, `${kind}.mjs`);
  return fs.existsSync(file) ? file : null;
}

function id(doc) {
  return `${doc?.kind ?? "?"}/${doc?.metadata?.name ?? "?"}`;
}

// ---- layer 1: schema -----------------------------------------------------------------------

export async function schemaErrors(doc) {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return ["document is not a mapping"];
  const key = `${doc.apiVersion}/${doc.kind}`;
  if (CUSTOM_RESOURCES.has(key)) {
    const errors = [];
    if (!doc.metadata?.name) errors.push(`${id(doc)}: metadata.name is required`);
    if (!doc.spec || typeof doc.spec !== "object") errors.push(`${id(doc)}: spec is required`);
    return errors;
  }
  const file = modelPath(doc.apiVersion, doc.kind);
  if (!file) return [`${id(doc)}: unknown apiVersion/kind ${doc.apiVersion} ${doc.kind} (no Kubernetes schema)`];
  const module = await import(pathToFileURL(file).href);
  const Model = module[doc.kind];
  try {
    new Model(doc).validate();
    return [];
  } catch (e) {
    return [`${id(doc)}: schema: ${e.message.replace(/\s+/g, " ").trim()}`];
  }
}

// ---- layer 2: strict (unknown fields) ------------------------------------------------------

const typeCache = new Map();

/** The fields of the first interface declared in a kubernetes-models .d.ts file, or null for a type alias. */
function interfaceFields(dtsFile) {
  if (typeCache.has(dtsFile)) return typeCache.get(dtsFile);
  const text = fs.readFileSync(dtsFile, "utf8");
  const imports = new Map();
  for (const m of text.matchAll(/import \{([^}]*)\} from "([^"]+)";/g)) {
    for (const name of m[1].split(",").map((s) => s.trim()).filter(Boolean)) imports.set(name, m[2]);
  }
  const start = text.match(/export interface \w+( extends TypeMeta)? \{\n/);
  if (!start) {
    typeCache.set(dtsFile, null);
    return null;
  }
  const fields = new Map();
  if (start[1]) {
    fields.set("apiVersion", { leaf: true });
    fields.set("kind", { leaf: true });
  }
  const lines = text.slice(start.index + start[0].length).split("\n");
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    if (inComment) { if (t.endsWith("*/")) inComment = false; continue; }
    if (t.startsWith("/**") || t.startsWith("/*")) { if (!t.endsWith("*/")) inComment = true; continue; }
    if (line.startsWith("}")) break;
    const m = line.match(/^ {4}"([^"]+)"\??: (.*);?$/);
    if (!m) continue;
    let type = m[2].replace(/;$/, "");
    let container = "one";
    if (type === "{") {
      // { [key: string]: T; }
      const inner = lines[i + 1].trim().match(/^\[key: string\]: (.*);$/);
      type = inner ? inner[1] : "any";
      container = "map";
      i += 2;
    }
    const arr = type.match(/^Array<(.*)>$/);
    if (arr) { type = arr[1]; container = "array"; }
    const from = imports.get(type);
    fields.set(m[1], from ? { container, file: resolveImport(dtsFile, from) } : { leaf: true });
  }
  typeCache.set(dtsFile, fields);
  return fields;
}

function resolveImport(fromFile, spec) {
  if (spec.startsWith(".")) return path.resolve(path.dirname(fromFile), spec + ".d.ts");
  for (const base of [path.join(modelsDir, "node_modules"), path.join(here, "node_modules")]) {
    const candidate = path.join(base, spec + ".d.ts");
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

function walk(value, dtsFile, where, out) {
  if (value === null || typeof value !== "object" || !dtsFile) return;
  const fields = interfaceFields(dtsFile);
  if (!fields) return;
  for (const [key, child] of Object.entries(value)) {
    const field = fields.get(key);
    if (!field) {
      out.push(`${where}.${key}: unknown field (not in the Kubernetes schema)`);
      continue;
    }
    if (field.leaf) continue;
    if (field.container === "array" && Array.isArray(child)) child.forEach((c, n) => walk(c, field.file, `${where}.${key}[${n}]`, out));
    else if (field.container === "map" && child && typeof child === "object") for (const [k, v] of Object.entries(child)) walk(v, field.file, `${where}.${key}.${k}`, out);
    else walk(child, field.file, `${where}.${key}`, out);
  }
}

export function unknownFieldErrors(doc) {
  const file = modelPath(doc?.apiVersion, doc?.kind);
  if (!file) return [];
  const out = [];
  walk(doc, file.replace(/\.mjs$/, ".d.ts"), id(doc), out);
  return out;
}

// ---- layer 3: the application's deployment rules -------------------------------------------

/** quarkus.shutdown.timeout from application.properties, in seconds. */
export function shutdownTimeoutSeconds(propertiesFile) {
  const m = fs.readFileSync(propertiesFile, "utf8").match(/^quarkus\.shutdown\.timeout=(\d+)s\s*$/m);
  if (!m) throw new Error(`${propertiesFile}: no quarkus.shutdown.timeout=<n>s`);
  return Number(m[1]);
}

const matches = (selector, labels) => !!selector && Object.keys(selector).length > 0
  && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const REQUIRED_ENV = ["QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
  "QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_CLIENT_ID", "QUARKUS_OIDC_CREDENTIALS_SECRET",
  "WOOSYNC_CRYPTO_KEYS", "WOOSYNC_CRYPTO_ACTIVE_KEY_ID"];
const OWN_LABELS = ["app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/instance"];
const SECRET_ENV = ["QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_OIDC_CREDENTIALS_SECRET", "WOOSYNC_CRYPTO_KEYS"];

export function ruleErrors(docs, { shutdownTimeout }) {
  const errors = [];
  const of = (kind) => docs.filter((d) => d.kind === kind);
  const deployments = of("Deployment");
  if (deployments.length !== 1) return [`expected exactly one Deployment, found ${deployments.length}`];
  const dep = deployments[0];
  const pod = dep.spec.template;
  const podLabels = pod.metadata?.labels ?? {};
  const spec = pod.spec;
  const name = id(dep);

  for (const s of of("Secret")) errors.push(`${id(s)}: a Secret is rendered; secrets are created in the cluster, never committed`);
  const namespaces = new Set(docs.map((d) => d.metadata?.namespace));
  if (namespaces.size !== 1 || namespaces.has(undefined)) errors.push(`every object needs the overlay's namespace, found ${[...namespaces].join(", ")}`);

  if (!matches(dep.spec.selector?.matchLabels, podLabels)) errors.push(`${name}: selector does not match the pod template labels`);
  const hpa = of("HorizontalPodAutoscaler");
  const minReplicas = hpa.length ? hpa[0].spec.minReplicas : dep.spec.replicas;
  if (!(dep.spec.replicas >= 2)) errors.push(`${name}: replicas must be at least 2, is ${dep.spec.replicas}`);
  if (!(minReplicas >= 2)) errors.push(`${name}: the HPA's minReplicas must be at least 2, is ${minReplicas}`);

  const psc = spec.securityContext ?? {};
  if (psc.runAsNonRoot !== true) errors.push(`${name}: pod securityContext.runAsNonRoot must be true`);
  if (psc.runAsUser === 0) errors.push(`${name}: pod securityContext.runAsUser must not be 0`);
  if (psc.seccompProfile?.type !== "RuntimeDefault") errors.push(`${name}: pod seccompProfile must be RuntimeDefault`);

  const configMaps = new Set(of("ConfigMap").map((c) => c.metadata.name));
  const configKeys = new Set(of("ConfigMap").flatMap((c) => Object.keys(c.data ?? {})));
  const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
  const containers = spec.containers ?? [];
  const portNames = new Set(containers.flatMap((c) => (c.ports ?? []).map((p) => p.name)));
  const portNumbers = new Set(containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)));

  for (const c of containers) {
    const where = `${name} container ${c.name}`;
    const sc = c.securityContext ?? {};
    if (sc.readOnlyRootFilesystem !== true) errors.push(`${where}: readOnlyRootFilesystem must be true`);
    if (sc.allowPrivilegeEscalation !== false) errors.push(`${where}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) errors.push(`${where}: capabilities must drop ALL`);
    if (sc.runAsUser === 0) errors.push(`${where}: runAsUser must not be 0`);
    for (const [probe, pathWanted] of [["startupProbe", "/q/health/started"], ["livenessProbe", "/q/health/live"], ["readinessProbe", "/q/health/ready"]]) {
      const get = c[probe]?.httpGet;
      if (!get) { errors.push(`${where}: ${probe} missing`); continue; }
      if (get.path !== pathWanted) errors.push(`${where}: ${probe} must GET ${pathWanted}, not ${get.path}`);
      if (!(portNames.has(get.port) || portNumbers.has(get.port))) errors.push(`${where}: ${probe} port ${get.port} is not a container port`);
    }
    for (const kind of ["requests", "limits"]) for (const r of ["cpu", "memory"]) {
      if (!c.resources?.[kind]?.[r]) errors.push(`${where}: resources.${kind}.${r} missing`);
    }
    const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
    if (!tmp || !volumes.get(tmp.name)?.emptyDir) errors.push(`${where}: /tmp must be a writable emptyDir (read-only root filesystem)`);

    const env = new Map((c.env ?? []).map((e) => [e.name, e]));
    for (const ref of c.envFrom ?? []) {
      if (ref.configMapRef && !configMaps.has(ref.configMapRef.name)) errors.push(`${where}: envFrom ConfigMap ${ref.configMapRef.name} is not rendered`);
    }
    for (const e of env.values()) {
      const cm = e.valueFrom?.configMapKeyRef;
      if (cm && !configMaps.has(cm.name)) errors.push(`${where}: env ${e.name} refers to ConfigMap ${cm.name}, which is not rendered`);
    }
    for (const required of REQUIRED_ENV) {
      if (!env.has(required) && !configKeys.has(required)) errors.push(`${where}: ${required} is not set`);
    }
    for (const secret of SECRET_ENV) {
      if (configKeys.has(secret) || (env.has(secret) && !env.get(secret).valueFrom?.secretKeyRef)) {
        errors.push(`${where}: ${secret} must come from a Secret (secretKeyRef)`);
      }
    }
    // Shutdown budget: the endpoints are removed during preStop, then the app has
    // quarkus.shutdown.timeout to drain the queue and requests; the rest is for process exit.
    const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const grace = spec.terminationGracePeriodSeconds ?? 30;
    if (grace < preStop + shutdownTimeout + 5) {
      errors.push(`${name}: terminationGracePeriodSeconds ${grace} < preStop ${preStop} s + quarkus.shutdown.timeout ${shutdownTimeout} s + 5 s`);
    }
  }

  const services = new Map(of("Service").map((s) => [s.metadata.name, s]));
  for (const s of services.values()) {
    if (!matches(s.spec.selector, podLabels)) errors.push(`${id(s)}: selector does not match the pods of ${name}`);
    for (const p of s.spec.ports ?? []) {
      const t = p.targetPort ?? p.port;
      if (!(portNames.has(t) || portNumbers.has(t))) errors.push(`${id(s)}: targetPort ${t} is not a container port`);
    }
  }
  for (const h of hpa) {
    const t = h.spec.scaleTargetRef;
    if (t.kind !== "Deployment" || t.name !== dep.metadata.name) errors.push(`${id(h)}: scaleTargetRef ${t.kind}/${t.name} is not the Deployment`);
    if (h.spec.maxReplicas < h.spec.minReplicas) errors.push(`${id(h)}: maxReplicas < minReplicas`);
  }
  const pdbs = of("PodDisruptionBudget");
  if (pdbs.length === 0) errors.push("no PodDisruptionBudget");
  for (const p of pdbs) if (!matches(p.spec.selector?.matchLabels, podLabels)) errors.push(`${id(p)}: selector does not match the pods of ${name}`);

  const policies = of("NetworkPolicy");
  if (policies.length === 0) errors.push("no NetworkPolicy");
  for (const np of policies) {
    if (!matches(np.spec.podSelector?.matchLabels, podLabels)) errors.push(`${id(np)}: podSelector does not select the pods of ${name}`);
    const peers = [...(np.spec.ingress ?? []).flatMap((r) => r.from ?? []), ...(np.spec.egress ?? []).flatMap((r) => r.to ?? [])];
    for (const peer of peers) {
      // No peer is one of our own pods: the peers are the ingress controller, DNS, the database.
      // A peer selector with this application's labels is the mark of common labels pushed into
      // selectors by kustomize (labels.includeSelectors), which makes the rule match nothing.
      const own = OWN_LABELS.filter((k) => podLabels[k] !== undefined && peer.podSelector?.matchLabels?.[k] === podLabels[k]);
      if (own.length) errors.push(`${id(np)}: peer podSelector ${JSON.stringify(peer.podSelector.matchLabels)} carries this application's label ${own[0]}`);
    }
    for (const rule of np.spec.ingress ?? []) for (const p of rule.ports ?? []) {
      if (!(portNames.has(p.port) || portNumbers.has(p.port))) errors.push(`${id(np)}: ingress port ${p.port} is not a container port`);
    }
    const egressPorts = new Set((np.spec.egress ?? []).flatMap((r) => (r.ports ?? []).map((p) => p.port)));
    for (const needed of [53, 5432, 443]) if (!egressPorts.has(needed)) errors.push(`${id(np)}: no egress to port ${needed}`);
  }

  const ingresses = of("Ingress");
  if (ingresses.length === 0) errors.push("no Ingress");
  for (const ing of ingresses) {
    const paths = (ing.spec.rules ?? []).flatMap((r) => r.http?.paths ?? []);
    if (!paths.some((p) => p.path === "/webhooks/" || p.path === "/webhooks")) errors.push(`${id(ing)}: no path for /webhooks/`);
    for (const p of paths) {
      const svc = services.get(p.backend?.service?.name);
      if (!svc) { errors.push(`${id(ing)}: path ${p.path} routes to unknown Service ${p.backend?.service?.name}`); continue; }
      const port = p.backend.service.port;
      const sp = (svc.spec.ports ?? []).find((x) => (port.name && x.name === port.name) || (port.number && x.port === port.number));
      if (!sp) { errors.push(`${id(ing)}: path ${p.path} routes to a port Service ${svc.metadata.name} does not have`); continue; }
      if (sp.name === "management" || sp.targetPort === "management" || sp.targetPort === 9000) {
        errors.push(`${id(ing)}: path ${p.path} exposes the management port (health, metrics)`);
      }
    }
  }
  return errors;
}

// ---- CLI ---------------------------------------------------------------------------------

export async function validateDocuments(docs, { app = false, shutdownTimeout } = {}) {
  const errors = [];
  for (const doc of docs) {
    errors.push(...(await schemaErrors(doc)));
    errors.push(...unknownFieldErrors(doc));
  }
  if (app && errors.length === 0) errors.push(...ruleErrors(docs, { shutdownTimeout }));
  return errors;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const app = args.includes("--app");
  const files = args.filter((a) => !a.startsWith("--"));
  const shutdownTimeout = shutdownTimeoutSeconds(path.resolve(here, "../../src/main/resources/application.properties"));
  let failed = 0;
  for (const file of files) {
    let errors;
    let count = 0;
    try {
      const docs = parseYaml(fs.readFileSync(file, "utf8"), file);
      count = docs.length;
      errors = await validateDocuments(docs, { app, shutdownTimeout });
    } catch (e) {
      errors = [e.message];
    }
    if (errors.length) {
      failed++;
      console.log(`INVALID ${file}`);
      for (const e of errors) console.log(`  - ${e}`);
    } else {
      console.log(`valid   ${file}: ${count} documents${app ? " (schema, strict fields, deployment rules)" : " (schema, strict fields)"}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
