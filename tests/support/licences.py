"""The licences of everything kimbot runs with, read from the installed packages' metadata, and
whether each may be combined with kimbot's own, EUPL-1.2 (`python -m tests.support.licences`
prints the table; `make test` fails on an unknown or incompatible licence).

A package's licence is taken from its `License-Expression`, else its `License` field where it
names a licence plainly, else its licence classifiers, else recognised from the licence file it
ships. Compatible are the
permissive licences and the copyleft licences the EUPL names in its appendix (with those, a
combined work may be distributed under that licence — EUPL Article 5).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import Requirement

PERMISSIVE = frozenset({
    "MIT", "MIT-0", "MIT-CMU", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "ISC", "PSF-2.0",
    "Unlicense", "Zlib", "0BSD", "CC0-1.0", "HPND",
})
#: Copyleft licences the EUPL-1.2 appendix lists as compatible.
EUPL_COMPATIBLE = frozenset({
    "EUPL-1.2", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
    "AGPL-3.0-only", "AGPL-3.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later",
    "LGPL-3.0-only", "LGPL-3.0-or-later", "MPL-2.0", "EPL-1.0", "EPL-2.0", "OSL-2.1",
    "OSL-3.0", "CECILL-2.1", "CC-BY-SA-3.0",
})
COMPATIBLE = PERMISSIVE | EUPL_COMPATIBLE

#: `License` fields and classifiers as packages write them, and the SPDX id they mean.
NAMES = {
    "mit": "MIT", "mit license": "MIT", "the mit license (mit)": "MIT",
    "bsd": "BSD-3-Clause", "bsd license": "BSD-3-Clause", "new bsd license": "BSD-3-Clause",
    "apache 2.0": "Apache-2.0", "apache-2.0": "Apache-2.0", "apache software license":
    "Apache-2.0", "apache license 2.0": "Apache-2.0", "apache license, version 2.0": "Apache-2.0",
    "psf-2.0": "PSF-2.0", "python software foundation license": "PSF-2.0",
    "isc": "ISC", "isc license (iscl)": "ISC", "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "gnu general public license v3 (gplv3)": "GPL-3.0-only",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only",
}
#: The first words of common licence texts, for packages that ship only the file.
TEXTS = (
    ("internet systems consortium license", "ISC"),
    ("permission to use, copy, modify, and/or distribute this software for any purpose", "ISC"),
    ("permission is hereby granted, free of charge", "MIT"),
    ("apache license", "Apache-2.0"),
    ("redistribution and use in source and binary forms", "BSD-3-Clause"),
)


@dataclass(frozen=True)
class PackageLicence:
    package: str
    version: str
    licence: str | None  # an SPDX expression, None when it could not be told
    source: str  # where it was read

    @property
    def compatible(self) -> bool:
        if self.licence is None:
            return False
        # "A OR B": one of them will do; "A AND B": all of them must.
        return any(all(part.strip() in COMPATIBLE for part in alternative.split(" AND "))
                   for alternative in self.licence.replace("(", "").replace(")", "")
                   .split(" OR "))


def runtime_packages(root: str = "kimbot") -> dict[str, metadata.Distribution]:
    """kimbot and everything it needs to run (its test tools left out), by name."""
    found: dict[str, metadata.Distribution] = {}

    def visit(name: str, extras: frozenset[str]) -> None:
        key = name.lower().replace("_", "-")
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return  # an optional dependency for another platform
        if key in found:
            return
        found[key] = distribution
        for line in distribution.requires or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is not None and not any(
                    marker.evaluate({"extra": extra}) for extra in extras or {""}):
                continue
            visit(requirement.name, frozenset(requirement.extras))

    visit(root, frozenset())
    return found


def licence_of(distribution: metadata.Distribution) -> PackageLicence:
    meta = distribution.metadata
    name, version = meta["Name"], distribution.version
    if meta.get("License-Expression"):
        return PackageLicence(name, version, meta["License-Expression"], "License-Expression")
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and field.lower() in NAMES:
        return PackageLicence(name, version, NAMES[field.lower()], "License")
    for classifier in meta.get_all("Classifier") or []:
        last = classifier.split("::")[-1].strip().lower()
        if classifier.startswith("License ::") and last in NAMES:
            return PackageLicence(name, version, NAMES[last], "classifier")
    for file in distribution.files or []:
        if re.search(r"LICEN[CS]E|COPYING", str(file).upper()):
            text = " ".join(file.locate().read_text(errors="replace").lower().split())[:2000]
            for words, spdx in TEXTS:
                if words in text:
                    return PackageLicence(name, version, spdx, f"licence file {file.name}")
    if field and "\n" not in field and len(field) < 40:
        # Not a name this check knows (nor said more precisely elsewhere): shown, and failed.
        return PackageLicence(name, version, field, "License")
    return PackageLicence(name, version, None, "not found")


def check() -> list[PackageLicence]:
    return [licence_of(distribution) for _, distribution in
            sorted(runtime_packages().items())]


def main() -> int:
    licences = check()
    for found in licences:
        verdict = "ok" if found.compatible else "NOT COMPATIBLE OR UNKNOWN"
        print(f"{found.package:28} {found.version:12} {found.licence or '?':28} "
              f"({found.source}) {verdict}")
    bad = [found for found in licences if not found.compatible]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
