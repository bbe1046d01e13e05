// detectLicence (DESIGN §2): a folder is public only with an open-source licence file at its root,
// recognised by the grant in its text. The snippets below are short excerpts of the real texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { detectLicence, evaluateSpdx } from "../../src/core/privacy/licence.ts";

const MIT = `MIT License

Copyright (c) 2024 Jane Doe

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.`;

const APACHE_FULL = `
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION

   1. Definitions.

      "License" shall mean the terms and conditions for use, reproduction,
      and distribution as defined by Sections 1 through 9 of this document.`;

const APACHE_NOTICE = `Copyright 2023 The Example Authors

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0`;

const BSD_2 = `BSD 2-Clause License

Copyright (c) 2020, Example Org
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation.`;

const BSD_3 = `${BSD_2}

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.`;

const GPL_2 = `                    GNU GENERAL PUBLIC LICENSE
                       Version 2, June 1991

 Copyright (C) 1989, 1991 Free Software Foundation, Inc.
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.`;

const GPL_3 = `                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.

                            Preamble

  The GNU General Public License is a free, copyleft license for
software and other kinds of works.`;

const GPL_3_NOTICE = `    This program is free software: you can redistribute it and/or modify
    it under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.`;

const LGPL_21 = `                  GNU LESSER GENERAL PUBLIC LICENSE
                       Version 2.1, February 1999

 Copyright (C) 1991, 1999 Free Software Foundation, Inc.`;

const LGPL_3 = `                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

  This version of the GNU Lesser General Public License incorporates
the terms and conditions of version 3 of the GNU General Public
License, supplemented by the additional permissions listed below.`;

const AGPL_3 = `                    GNU AFFERO GENERAL PUBLIC LICENSE
                       Version 3, 19 November 2007

  The GNU Affero General Public License is a free, copyleft license for
software and other kinds of works, specifically designed to ensure
cooperation with the community in the case of network server software.
  ... a work licensed under version 3 of the GNU General Public License ...`;

const MPL_2 = `Mozilla Public License Version 2.0
==================================

1. Definitions
--------------

1.12. "Secondary License"
    means either the GNU General Public License, Version 2.0, the GNU
    Lesser General Public License, Version 2.1, the GNU Affero General
    Public License, Version 3.0, or any later versions of those
    licenses.`;

const ISC = `ISC License

Copyright (c) 2019, Example Person

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.`;

const ZERO_BSD = `Copyright (C) 2006 by Example Person

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted.`;

const UNLICENSE = `This is free and unencumbered software released into the public domain.

Anyone is free to copy, modify, publish, use, compile, sell, or
distribute this software, either in source code form or as a compiled
binary, for any purpose, commercial or non-commercial, and by any
means.`;

const PROPRIETARY = `Copyright (c) 2024 Acme Corporation. All rights reserved.

This software is the property of Acme Corporation. No part of it may be
copied, modified or distributed without the written consent of Acme.`;

const CONFIDENTIAL = `Copyright (C) Acme, Inc - All Rights Reserved
Unauthorized copying of this file, via any medium is strictly prohibited
Proprietary and confidential
Written by Jane Doe <jane@acme.example>, 2024`;

// ── each licence by its text ──

const RECOGNISED: { label: string; text: string; spdx: string }[] = [
  { label: "the MIT licence", text: MIT, spdx: "MIT" },
  { label: "the full Apache 2.0 licence", text: APACHE_FULL, spdx: "Apache-2.0" },
  { label: "the Apache 2.0 notice", text: APACHE_NOTICE, spdx: "Apache-2.0" },
  { label: "the BSD 2-clause licence", text: BSD_2, spdx: "BSD-2-Clause" },
  { label: "the BSD 3-clause licence", text: BSD_3, spdx: "BSD-3-Clause" },
  { label: "the GPL 2.0", text: GPL_2, spdx: "GPL-2.0" },
  { label: "the GPL 3.0", text: GPL_3, spdx: "GPL-3.0" },
  { label: "the GPL 3.0 notice", text: GPL_3_NOTICE, spdx: "GPL-3.0" },
  { label: "the LGPL 2.1", text: LGPL_21, spdx: "LGPL-2.1" },
  { label: "the LGPL 3.0, which quotes the GPL", text: LGPL_3, spdx: "LGPL-3.0" },
  { label: "the AGPL 3.0, which quotes the GPL", text: AGPL_3, spdx: "AGPL-3.0" },
  { label: "the MPL 2.0, which names the GNU licences", text: MPL_2, spdx: "MPL-2.0" },
  { label: "the ISC licence", text: ISC, spdx: "ISC" },
  { label: "the zero-clause BSD licence", text: ZERO_BSD, spdx: "0BSD" },
  { label: "the Unlicense", text: UNLICENSE, spdx: "Unlicense" },
];

for (const { label, text, spdx } of RECOGNISED) {
  test(`${label} is recognised by its text as ${spdx}, an open-source licence`, () => {
    const licence = detectLicence(text);
    assert.equal(licence.spdx, spdx);
    assert.equal(licence.openSource, true);
    assert.deepEqual(licence.reason, { code: "recognised", ids: [spdx] });
  });
}

test("a licence is recognised in a markdown file, whatever its line breaks and emphasis", () => {
  const markdown = `# MIT License\n\n**Permission is hereby granted**, free of charge,\r\nto any person obtaining a copy of this\r\nsoftware ...`;
  assert.equal(detectLicence(markdown).spdx, "MIT");
});

test("a file holding two licence texts reports both, joined with AND", () => {
  const licence = detectLicence(`${MIT}\n\n---\n\n${APACHE_NOTICE}`);
  assert.equal(licence.spdx, "MIT AND Apache-2.0");
  assert.equal(licence.openSource, true);
  assert.deepEqual(licence.reason, { code: "recognised", ids: ["MIT", "Apache-2.0"] });
});

test("a licence's name without its grant is not enough", () => {
  const licence = detectLicence("MIT License\n\nCopyright (c) 2024 Jane Doe\n");
  assert.equal(licence.openSource, false);
  assert.equal(licence.spdx, undefined);
  assert.deepEqual(licence.reason, { code: "unrecognised" });
});

test('"All rights reserved" next to a BSD grant is still open source', () => {
  assert.match(BSD_3, /All rights reserved/);
  assert.equal(detectLicence(BSD_3).openSource, true);
});

// ── not open source ──

test('a proprietary licence with "All rights reserved" and no grant is not open source', () => {
  const licence = detectLicence(PROPRIETARY);
  assert.equal(licence.openSource, false);
  assert.equal(licence.spdx, undefined);
  assert.deepEqual(licence.reason, { code: "proprietary-terms", term: "all rights reserved" });
});

test('a "proprietary and confidential" notice is not open source', () => {
  const licence = detectLicence(CONFIDENTIAL);
  assert.equal(licence.openSource, false);
  assert.deepEqual(licence.reason, { code: "proprietary-terms", term: "proprietary and confidential" });
});

test('an open-source grant next to "strictly prohibited" terms is not clearly open source', () => {
  const licence = detectLicence(`${CONFIDENTIAL}\n\nThird-party notices:\n\n${MIT}`);
  assert.equal(licence.openSource, false);
  assert.deepEqual(licence.reason, { code: "contradicted", spdx: "MIT", term: "proprietary and confidential" });
});

test("an empty licence file is not open source", () => {
  const licence = detectLicence("  \n\n ");
  assert.equal(licence.openSource, false);
  assert.deepEqual(licence.reason, { code: "empty" });
});

test("no licence file, or one that could not be read, is not open source", () => {
  const licence = detectLicence(undefined);
  assert.equal(licence.openSource, false);
  assert.equal(licence.spdx, undefined);
  assert.deepEqual(licence.reason, { code: "no-file" });
});

test("text that is no licence at all is not open source", () => {
  const licence = detectLicence("TODO: pick a licence before the first release.");
  assert.equal(licence.openSource, false);
  assert.deepEqual(licence.reason, { code: "unrecognised" });
});

// ── SPDX-License-Identifier lines ──

test("an SPDX-License-Identifier line names the licence", () => {
  const licence = detectLicence("SPDX-License-Identifier: MIT\n");
  assert.deepEqual(licence, { spdx: "MIT", openSource: true, reason: { code: "spdx-declared", expression: "MIT" } });
});

test("an SPDX line inside a comment is read without the comment's closing marks", () => {
  assert.equal(detectLicence("/* SPDX-License-Identifier: GPL-2.0-or-later */").spdx, "GPL-2.0-or-later");
  assert.equal(detectLicence("<!-- SPDX-License-Identifier: Apache-2.0 -->").openSource, true);
});

test("an SPDX expression with OR is open source when either side is", () => {
  const licence = detectLicence("SPDX-License-Identifier: LicenseRef-Acme-Commercial OR AGPL-3.0-only");
  assert.equal(licence.openSource, true);
  assert.equal(licence.spdx, "LicenseRef-Acme-Commercial OR AGPL-3.0-only");
});

test("an SPDX expression with AND is open source only when both sides are", () => {
  assert.equal(detectLicence("SPDX-License-Identifier: MIT AND LicenseRef-Proprietary").openSource, false);
  assert.equal(detectLicence("SPDX-License-Identifier: (MIT OR Apache-2.0) AND BSD-3-Clause").openSource, true);
});

test("a licence exception (WITH) keeps the licence open source", () => {
  assert.equal(detectLicence("SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception").openSource, true);
});

test("an SPDX identifier that is not an open-source licence makes the folder not open source", () => {
  const licence = detectLicence("SPDX-License-Identifier: LicenseRef-Proprietary");
  assert.equal(licence.openSource, false);
  assert.deepEqual(licence.reason, { code: "spdx-not-open-source", expression: "LicenseRef-Proprietary" });
});

test("a malformed SPDX expression is ignored and the text decides", () => {
  assert.equal(detectLicence(`SPDX-License-Identifier: MIT OR\n\n${ISC}`).spdx, "ISC");
  assert.equal(detectLicence("SPDX-License-Identifier: (MIT").openSource, false);
});

test("evaluateSpdx reads OR, AND, WITH and parentheses, and rejects malformed expressions", () => {
  assert.equal(evaluateSpdx("MIT"), true);
  assert.equal(evaluateSpdx("mit"), true);
  assert.equal(evaluateSpdx("GPL-2.0+"), true);
  assert.equal(evaluateSpdx("LicenseRef-X OR (MIT AND ISC)"), true);
  assert.equal(evaluateSpdx("LicenseRef-X AND (MIT OR ISC)"), false);
  assert.equal(evaluateSpdx("MIT AND"), undefined);
  assert.equal(evaluateSpdx("MIT ISC"), undefined);
  assert.equal(evaluateSpdx("MIT WITH"), undefined);
});
