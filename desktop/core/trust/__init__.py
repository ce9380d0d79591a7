"""Trust between units and the province (issue 12; docs/trust.md).

- `envelope`: small signed JSON files (enrolment requests, decisions, review feedback);
- `policy`: whether a package's signer may speak for its unit: counted, held or refused;
- `holding`: packages kept aside until their key is decided, released afterwards;
- `enrolment`: requests, the officer's acceptance/refusal, key replacement, the
  province's key pinned by the unit;
- `delegation`: a district sending for its communes;
- `review`: accept or return a received revision, as a signed feedback file;
- `keystore`: the private key at rest.
"""
