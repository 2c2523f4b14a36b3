// Generated cases: theme templates that read a key the page they render does not provide (a
// misspelt key was an empty element on every page, silently).
import fs from 'node:fs';
import path from 'node:path';
import { themeLine, themedSite } from '../harness.mjs';

// A case whose theme has `from` replaced by `to` in the template `file`; docket must fail with
// an error matching `error` (a regex of the line after "error: ").
function misspelt(name, description, file, from, to, error, stderr_not = []) {
  return {
    name,
    description,
    make: () => themedSite(name, (templates) => {
      const f = path.join(templates, file);
      const text = fs.readFileSync(f, 'utf8');
      if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
      fs.writeFileSync(f, text.replace(from, to));
    }),
    expect: { exit: 1, stderr: [error], stderr_not },
  };
}

export const cases = [
  misspelt('template-key-misspelt-in-kind-template',
    'area.html reads "prev_hrf": an error at its line naming the area view, not an empty link',
    'area.html', 'data-attr-href="prev_href"', 'data-attr-href="prev_hrf"',
    '/templates/area\\.html:17:1: error: template key "prev_hrf" is not provided by the view for kind "area"$'),
  misspelt('template-key-misspelt-in-partial',
    'a partial every kind includes reads "lable": one error at the partial\'s line, naming every kind',
    '_facts.html', 'data-text="label"', 'data-text="lable"',
    '/templates/_facts\\.html:2:24: error: template key "lable" is not provided by the views for kinds ' +
      '(?=[^\\n]*"area")(?=[^\\n]*"decision")(?=[^\\n]*"followup")(?=[^\\n]*"page")[^\\n]*$',
    ['_facts\\.html:2:24: error[^\\n]*\\n[^\\n]*_facts\\.html:2:24: error']),
  misspelt('template-key-of-another-view',
    'page.html (the template of kinds without their own) reads the area view\'s "children": an error naming those kinds',
    'page.html', '</article>', '<ul><li data-each="children">x</li></ul>\n</article>',
    '/templates/page\\.html:\\d+:5: error: template key "children" is not provided by the views for kinds "page", "followup", "decision"$'),
  misspelt('template-key-misspelt-in-base', 'base.html reads "site_titel": an error naming every page',
    'base.html', 'data-text="site_title"', 'data-text="site_titel"',
    `/templates/base\\.html:${themeLine('base.html', 'data-text="site_title"')}:\\d+: error: template key "site_titel" is not provided for every page$`),
  misspelt('template-key-misspelt-in-generated-page', 'list.html reads "meat": an error naming the list page',
    'list.html', 'data-text="meta"', 'data-text="meat"',
    '/templates/list\\.html:4:\\d+: error: template key "meat" is not provided for the list page$'),
];
