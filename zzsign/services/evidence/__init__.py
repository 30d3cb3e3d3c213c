"""Evidence packages: a .zip that proves its records on any machine, without the HR password.

Layout (every path listed with its SHA-256 in ``manifest.json``)::

    manifest.json                {"format": "zzsign.evidence/2", "installation_id", "complete",
                                  "filters", "chain_head": {"sequence", "entry_sha256"},
                                  "files": {path: sha256}}
    manifest.sig                 the laptop's Ed25519 signature (hex) over manifest.json
    records.json                 as ``zzsign export --format json`` (this installation's records)
    records/<id>.pdf             each record's sealed signed copy (PAdES, evidence attached)
    sealed/<id>.personal         the record's sealed personal part, exactly as stored
    sealed/<id>.image            its sealed signature image, exactly as stored (format-1 records)
    chain.json                   every link of the installation's chain (complete, so it verifies)
    keys/<installation>.json     public key, seal certificate (PEM) and its endorsement
    hr_keys.json                 HR's public key(s) the sealed parts are sealed to
    documents.json               the exact texts of the agreement and disclosure versions signed

The signed manifest makes a package whole or visibly not: records dropped from its end, or a
manifest hashed again after a change, no longer match what the laptop signed. Who the laptop is
comes from outside the package: the store verifying it knows that laptop's key, or the person
gives its fingerprint (``zzsign verify PACKAGE --expect SHA256:…``); otherwise verify says the
package is intact but its maker was not checked (exit 3).

Reading a package never extracts to disk: members are read into memory with size caps, and a
package with absolute or ``..`` member names, duplicate names, more than 2 GB uncompressed or a
suspicious compression ratio is refused.

The modules: :mod:`~zzsign.services.evidence.writing` makes a package (an export, built on
:mod:`zzsign.services.export`), :mod:`~zzsign.services.evidence.reading` opens one safely,
:mod:`~zzsign.services.evidence.verifying` checks one on its own, and
:mod:`~zzsign.services.evidence.importing` merges a verified one into the store;
:mod:`~zzsign.services.evidence.layout` names what a package holds.
"""
