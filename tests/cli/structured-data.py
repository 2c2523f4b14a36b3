#!/usr/bin/python3
# Reads a built site as a search engine does, for tests/cli/structured-data.test.mjs: every HTML
# page's JSON-LD and Open Graph through extruct (Debian's python3-extruct), its description,
# canonical link, <base> and visible breadcrumb through lxml; and the sources' front matter
# through tomllib, so the test compares the pages with what the Markdown says.
# Usage: structured-data.py OUT_DIR SOURCE_DIR; prints one JSON document.
import json
import os
import sys
import tomllib
from urllib.parse import urljoin

import extruct
import lxml.html

out_dir, source_dir = sys.argv[1], sys.argv[2]


def page(path):
    with open(os.path.join(out_dir, path), encoding='utf-8') as f:
        html = f.read()
    # A file: URL for the page, so relative links resolve to site paths.
    url = 'file:///site/' + path
    data = extruct.extract(html, base_url=url, syntaxes=['json-ld', 'opengraph'], uniform=True)
    doc = lxml.html.fromstring(html)
    metas = doc.xpath('//head/meta[@name="description"]/@content')
    canonical = doc.xpath('//head/link[@rel="canonical"]/@href')
    base = doc.xpath('//head/base/@href')
    crumbs = []
    for a in doc.xpath('//nav[contains(@class, "breadcrumbs")]//li/a'):
        target = urljoin(url, a.get('href'))
        crumbs.append({'name': a.text_content(), 'path': target.removeprefix('file:///site/')})
    return {
        'jsonld': data['json-ld'],
        'opengraph': data['opengraph'],
        'descriptions': metas,
        'canonical': canonical,
        'base': base,
        'crumbs': crumbs,
        'search_forms': len(doc.xpath('//form[@role="search"]')),
        'json_scripts': [s.text for s in doc.xpath('//script[@type="application/ld+json"]')],
    }


def front_matter(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if not text.startswith('+++\n'):
        return {}
    meta = tomllib.loads(text[4:text.index('\n+++', 3)])
    return {k: (v.isoformat() if hasattr(v, 'isoformat') else v) for k, v in meta.items()}


pages = {}
for d, _, files in os.walk(out_dir):
    for name in files:
        if name.endswith('.html'):
            rel = os.path.relpath(os.path.join(d, name), out_dir)
            pages[rel] = page(rel)

with open(os.path.join(source_dir, 'site.toml'), 'rb') as f:
    site = tomllib.load(f)
sources = []
for d, _, files in os.walk(os.path.join(source_dir, 'content')):
    for name in sorted(files):
        if name.endswith('.md'):
            meta = front_matter(os.path.join(d, name))
            meta.setdefault('id', name[:-3])
            sources.append(meta)

json.dump({'site': site, 'sources': sources, 'pages': pages}, sys.stdout, ensure_ascii=False)
