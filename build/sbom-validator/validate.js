// Validates CycloneDX 1.5 JSON documents with the CycloneDX project's own library against its strict JSON schema.
// Usage: node validate.js FILE... ; prints "valid FILE" per document, exits 1 with the schema errors on the first invalid one.
'use strict';
const fs = require('fs');
const CDX = require('@cyclonedx/cyclonedx-library');

(async () => {
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
  for (const file of process.argv.slice(2)) {
    const errors = await validator.validate(fs.readFileSync(file, 'utf8'));
    if (errors !== null) {
      console.error(`invalid ${file}: ${JSON.stringify(errors, null, 2)}`);
      process.exit(1);
    }
    console.log(`valid ${file}`);
  }
})().catch(error => { console.error(error); process.exit(2); });
