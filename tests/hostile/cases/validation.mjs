// Generated cases: validation gaps. Every key of every [[table]], strings that look like type
// names, all of a file's front matter errors in one run, the command line's numbers and paths,
// URLs in site.toml, the environment, time zones, and Unicode normalisation of names.
import { site } from '../harness.mjs';

const meeting = (agenda) =>
  `+++\ntitle = "Sammanträde"\nkind = "meeting"\nbody = "Trygghetsutskottet"\ndate = 2020-11-20\n${agenda}+++\n`;

export const cases = [
  {
    name: 'agenda-rows-validated',
    description: 'every [[agenda]] table is checked against the content model, each error at its line:col',
    make: () => site('agenda-rows-validated', {
      'm.md': meeting('\n[[agenda]]\nsection = 5\ntitle = "Ett"\nsektion = "Rapporter"\n\n[[agenda]]\n\n' +
        '[[agenda]]\nsection = "Rapporter"\ntitle = "Tre"\nnumber = "3"\nincluded = "nej"\n'),
    }),
    expect: {
      exit: 1,
      stderr: [
        '^content/m\\.md:8:1: error: "section" in \\[\\[agenda\\]\\] must be a string, found integer$',
        '^content/m\\.md:10:1: error: unknown key "sektion" in \\[\\[agenda\\]\\] \\(kind meeting\\)$',
        '^content/m\\.md:12:1: error: missing required key "section" in \\[\\[agenda\\]\\] \\(kind meeting\\)$',
        '^content/m\\.md:12:1: error: missing required key "title" in \\[\\[agenda\\]\\] \\(kind meeting\\)$',
        '^content/m\\.md:17:1: error: "number" in \\[\\[agenda\\]\\] must be an integer, found string$',
        '^content/m\\.md:18:1: error: "included" in \\[\\[agenda\\]\\] must be a boolean, found string$',
      ],
    },
  },
  {
    name: 'indicator-rows-validated',
    description: 'every [[indicators]] table of a goal is checked too',
    make: () => site('indicator-rows-validated', {
      'g.md': '+++\ntitle = "Delmål"\nkind = "goal"\nplan = "p"\nnumber = 1\nfocus = "Fokus"\n' +
        'indicators = [{ text = "a" }, { text = 1, measure = "m", x = 2 }]\n+++\n',
      'p.md': '+++\ntitle = "Plan"\nkind = "plan"\ndate = 2020-01-01\n+++\n',
    }),
    expect: {
      exit: 1,
      stderr: [
        '^content/g\\.md:7:15: error: missing required key "measure" in \\[\\[indicators\\]\\] \\(kind goal\\)$',
        '^content/g\\.md:7:33: error: "text" in \\[\\[indicators\\]\\] must be a string, found integer$',
        '^content/g\\.md:7:58: error: unknown key "x" in \\[\\[indicators\\]\\] \\(kind goal\\)$',
      ],
    },
  },
  {
    name: 'string-value-table',
    description: 'a string whose value is "table" is a string like any other',
    make: () => site('string-value-table', {
      'tabell.md': '+++\ntitle = "table"\nsummary = "table"\n+++\n\nEn sida om ordet table.\n',
    }),
    expect: { exit: 0, files: { 'tabell/index.html': { contains: ['<h1>table</h1>', 'En sida om ordet table.'] } } },
  },
  {
    name: 'front-matter-every-error',
    description: 'one front matter error (a wrong list item, a table key) does not hide the file\'s other errors',
    make: () => site('front-matter-every-error', {
      'a.md': '+++\ntitle = 5\nkind = "case"\nproposal = ["a", 1]\nmeta = { a = 1 }\nfel = "x"\n+++\n',
    }),
    expect: {
      exit: 1,
      stderr: [
        '^content/a\\.md:1:1: error: missing required key "diarienummer" \\(kind case\\)$',
        '^content/a\\.md:2:1: error: "title" must be a string, found integer$',
        '^content/a\\.md:4:18: error: "proposal" must be a list of strings, found integer$',
        '^content/a\\.md:5:1: error: unknown key "meta" \\(kind case\\)$',
        '^content/a\\.md:6:1: error: unknown key "fel" \\(kind case\\)$',
      ],
    },
  },
];
