// A small archive written by the tests: three committees over three years, a diarienummer
// (KS 19/0100) over three meetings, its cases, a decision and six terms. tests/cli/lists.test.mjs checks its
// lists and histories; tests/e2e/lists.test.mjs audits its pages with vnu and axe.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { repo } from './docket.mjs';

export const meetings = [
  // id, committee, date, agenda: [number, title, diarienummer, case id]
  ['tu-2019-03-01', 'Trygghetsutskottet', '2019-03-01', [[1, 'Trygghetsvandringar i Bro', 'KS 19/0100', 'ks-19-0100'], [2, 'Kamerabevakning', 'KS 19/0101', 'ks-19-0101']]],
  ['ks-2019-05-10', 'Kommunstyrelsen', '2019-05-10', [[5, 'Trygghetsvandringar i Bro', 'KS 19/0100', ''], [6, 'Lägesbild', 'KS 19/0102', 'ks-19-0102']]],
  ['tu-2020-02-14', 'Trygghetsutskottet', '2020-02-14', [[3, 'Trygghetsvandringar i Bro, uppföljning', 'KS 19/0100', ''], [4, 'Grannsamverkan', 'KS 20/0001', 'ks-20-0001']]],
  ['sn-2020-06-01', 'Socialnämnden', '2020-06-01', [[7, 'Fältarbete', 'SN 20/0002', 'sn-20-0002']]],
  ['ks-2021-01-20', 'Kommunstyrelsen', '2021-01-20', [[1, 'Krogtillsyn', 'KS 21/0003', 'ks-21-0003']]],
];
export const cases = meetings.flatMap(([meeting, , date, agenda]) => agenda.filter((row) => row[3]).map(([item, title, dnr, id]) => ({ id, title, dnr, meeting, item, date: `${date.slice(0, 8)}01` })));

// Terms of the glossary (A–Ö in Swedish order: B, E, G, L, T, Ä): id, title, expansion, text.
export const terms = [
  ['trygghetsvandring', 'trygghetsvandring', '', 'I planen, Definition:\n\n> En trygghetsvandring är en inventering av ett område. Den görs till fots.'],
  ['bra', 'BRÅ', 'Brottsförebyggande rådet', 'Nämns i planen.'],
  ['est', 'EST', 'Effektiv samordning för trygghet', 'Nämns i uppföljningen.'],
  ['grannsamverkan', 'grannsamverkan', '', 'Grannsamverkan är ett brottsförebyggande nätverk av boende.'],
  ['lagesbild', 'lägesbild', '', 'En lägesbild beskriver händelser och tendenser i kommunen.'],
  ['arende', 'ärende', '', 'Ett ärende har ett diarienummer.'],
];

// Writes the archive's site.toml and content to `dir`: lists split past `perPage` pages, and
// `baseUrl` as the site's public address when given. With `crossLinks`, each case's text links
// the decision KS § 12 and uses the term lägesbild: six backlinks and six mentions, past a small
// per_page. `decisions` more decisions (KS § 21, § 22...) use the term too: more parts.
export function writeArchive(dir, perPage, { baseUrl, crossLinks, decisions = 0 } = {}) {
  const file = (path, body) => { mkdirSync(dirname(join(dir, path)), { recursive: true }); writeFileSync(join(dir, path), body); };
  file('site.toml', `title = "Arkivet"\nlanguage = "sv"\norganisation = "Exempel kommun"\nsite_id = "arkivet"\n${baseUrl ? `base_url = "${baseUrl}"\n` : ''}theme = "${join(repo, 'themes/default')}"\n\n[lists]\nper_page = ${perPage}\n`);
  for (const [id, committee, date, agenda] of meetings) {
    const rows = agenda.map(([n, title, dnr, cs]) => `\n[[agenda]]\nsection = "Beslutsärenden"\nnumber = ${n}\ntitle = "${title}"\ndiarienummer = "${dnr}"\n${cs ? `case = "${cs}"\n` : ''}`).join('');
    file(`content/meetings/${id}.md`, `+++\ntitle = "${committee}s sammanträde ${date}"\nid = "${id}"\nkind = "meeting"\nbody = "${committee}"\ndate = ${date}\n${rows}+++\n\nSammanträdet.\n`);
  }
  for (const c of cases)
    file(`content/cases/${c.id}.md`, `+++\ntitle = "${c.title}"\nid = "${c.id}"\nkind = "case"\ndiarienummer = "${c.dnr}"\ndate = ${c.date}\nunit = "Kansliet"\nofficer = "En handläggare"\nmeeting = "${c.meeting}"\nitem = ${c.item}\nproposal = ["Utskottet godkänner."]\n+++\n\n## Sammanfattning\n\nText.${crossLinks ? ' En lägesbild, se [[ks-paragraf-12]].' : ''}\n\n## Ärendet\n\nText.\n`);
  for (const [id, title, expansion, text] of terms)
    file(`content/terms/${id}.md`, `+++\ntitle = "${title}"\nid = "${id}"\nkind = "term"\nterm = "${title}"\n${expansion ? `expansion = "${expansion}"\n` : ''}+++\n\n${text}\n`);
  for (let k = 21; k < 21 + decisions; k++)
    file(`content/decisions/ks-paragraf-${k}.md`, `+++\ntitle = "KS § ${k} Lägesbild"\nid = "ks-paragraf-${k}"\nkind = "decision"\nbody = "Kommunstyrelsen"\nparagraph = ${k}\ndate = 2020-03-01\ndiarienummer = "KS 20/0001"\n+++\n\n## Beslut\n\nEn lägesbild.\n`);
  file('content/decisions/ks-paragraf-12.md', '+++\ntitle = "KS § 12 Trygghetsvandringar"\nid = "ks-paragraf-12"\nkind = "decision"\nbody = "Kommunstyrelsen"\nparagraph = 12\ndate = 2019-05-10\ndiarienummer = "KS 19/0100"\n+++\n\n## Beslut\n\nKommunstyrelsen beslutar.\n');
}
