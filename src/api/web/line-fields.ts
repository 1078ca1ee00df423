/**
 * The service-line and diagnosis fields a denial or rejection can point at, offered on the correction
 * form for every line of the claim: procedure, modifiers, units, charge, diagnosis pointers, place of
 * service, rendering provider; and the secondary diagnoses. Lists are edited as comma-separated text.
 */
import type { EditableField } from '../../billing-rules/fields.js';

export function lineFields(data: Record<string, unknown>): EditableField[] {
  const lines = Array.isArray(data.lines) ? data.lines : [];
  const out: EditableField[] = [];
  const diagnoses = Array.isArray(data.diagnoses) ? data.diagnoses.length : 1;
  for (let d = 1; d < Math.min(Math.max(diagnoses + 1, 2), 12); d++) out.push({ path: `$.diagnoses[${d}]`, label: `Diagnosis ${d + 1} (HI)` });
  lines.forEach((_line, i) => {
    const n = i + 1;
    const at = (f: string) => `$.lines[${i}].${f}`;
    out.push(
      { path: at('procedureCode'), label: `Line ${n} procedure code (SV101-2)` },
      { path: at('modifiers'), label: `Line ${n} modifiers, comma-separated (SV101-3..6)` },
      { path: at('units'), label: `Line ${n} units (SV104)` },
      { path: at('charge'), label: `Line ${n} charge (SV102)` },
      { path: at('diagnosisPointers'), label: `Line ${n} diagnosis pointers, e.g. 1,2 (SV107)` },
      { path: at('placeOfService'), label: `Line ${n} place of service (SV105)` },
      { path: `$.lines[${i}].renderingProvider.npi`, label: `Line ${n} rendering provider NPI (2420A)` },
    );
  });
  return out;
}
