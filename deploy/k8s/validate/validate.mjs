// Validates every manifest in deploy/k8s against the Kubernetes schemas that kubernetes-models
// ships (generated from the Kubernetes OpenAPI document): no cluster, no network.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { Namespace, ConfigMap, Secret, Service, PersistentVolumeClaim } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';

const models = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/Ingress': Ingress,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

const folder = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
let count = 0;
let failed = 0;
for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort()) {
  for (const document of parseAllDocuments(readFileSync(join(folder, file), 'utf8'))) {
    const manifest = document.toJS();
    const key = `${manifest.apiVersion}/${manifest.kind}`;
    const Model = models[key];
    try {
      if (!Model) throw new Error(`no schema for ${key}`);
      new Model(manifest).validate();
      console.log(`ok   ${file} ${key} ${manifest.metadata?.name}`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${file} ${key}: ${error.message}`);
    }
    count++;
  }
}
console.log(`${count} manifests, ${failed} invalid`);
process.exit(failed === 0 && count > 0 ? 0 : 1);
