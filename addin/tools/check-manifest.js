#!/usr/bin/env node
// An offline check of the add-in only (XML) manifest. Office's own validator
// (`office-addin-manifest validate`) posts the manifest to a web service, and no npm package ships
// the manifest's XML Schemas, so this checks the rules that decide whether Office loads this
// add-in: well-formed XML in the right namespaces; the required elements, in the schema's order;
// the id a GUID and the version Office's form; the SharedRuntime requirement with one long-lived
// runtime page used by the custom functions, the function file and the task pane button; every
// resid resolving to a resource of the right kind (and every resource used); ids unique and
// within Office's lengths; and every URL https on one origin.
//   node tools/check-manifest.js manifest.xml     (exit 0 when it passes, 1 with the problems)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const sax = require('sax');

export const NS = Object.freeze({
  app: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  ov: 'http://schemas.microsoft.com/office/taskpaneappversionoverrides',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
});

// OfficeApp's children in the order the schema's sequence gives them (OfficeApp, then the
// TaskPaneApp extension: OfficeAppManifestV1_1.xsd), and which of them this add-in must have (the
// schema's required ones and those Office's store requires).
const TOP_LEVEL = ['Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description',
  'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings',
  'Permissions', 'Dictionary', 'VersionOverrides', 'ExtendedOverrides'];
const REQUIRED_TOP_LEVEL = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description',
  'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions',
  'VersionOverrides'];
const PERMISSIONS = ['Restricted', 'ReadDocument', 'ReadAllDocument', 'WriteDocument', 'ReadWriteDocument'];
const MAX_ID = 32; // resid and resource id (Office's limit)
const MAX_SHORT = 125; // bt:ShortStrings, DisplayName
const MAX_LONG = 250; // bt:LongStrings, Description
const ICON_SIZES = ['16', '20', '24', '32', '40', '48', '64', '80'];

// Which resource kind an element's resid names.
const RESID_KIND = {
  Runtime: 'Urls', SourceLocation: 'Urls', FunctionFile: 'Urls', LearnMoreUrl: 'Urls',
  Image: 'Images',
  Label: 'ShortStrings', Title: 'ShortStrings', Namespace: 'ShortStrings',
  Description: 'LongStrings',
};

/** Parses XML into {name, uri, attrs: {name: {value, uri, local}}, children, text, line}. */
function parse(text) {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const root = { children: [] };
  const stack = [root];
  parser.onopentag = (node) => {
    const attrs = {};
    for (const [qname, a] of Object.entries(node.attributes)) attrs[qname] = { value: a.value, uri: a.uri, local: a.local };
    const element = { name: node.local, uri: node.uri, attrs, children: [], text: '', line: parser.line + 1 };
    stack[stack.length - 1].children.push(element);
    stack.push(element);
  };
  parser.onclosetag = () => { stack.pop(); };
  parser.ontext = (t) => { stack[stack.length - 1].text += t; };
  parser.oncdata = (t) => { stack[stack.length - 1].text += t; };
  parser.write(text).close();
  return root.children[0];
}

function attr(element, local, uri = '') {
  for (const a of Object.values(element.attrs)) if (a.local === local && a.uri === uri) return a.value;
  return undefined;
}
const xsiType = (element) => attr(element, 'type', NS.xsi);
const child = (element, name) => element?.children.find((c) => c.name === name);
const children = (element, name) => element?.children.filter((c) => c.name === name) ?? [];
function* walk(element) {
  yield element;
  for (const c of element.children) yield* walk(c);
}

/**
 * Checks a manifest's text; returns the problems found, each "line N: what is wrong", empty when
 * it passes.
 */
export function checkManifest(text) {
  const errors = [];
  const fail = (element, message) => errors.push(`line ${element?.line ?? '?'}: ${message}`);

  let root;
  try {
    root = parse(text);
  } catch (err) {
    return [`not well-formed XML: ${err.message.split('\n').join(' ')}`];
  }
  if (!root || root.name !== 'OfficeApp' || root.uri !== NS.app) {
    return [`the root element must be OfficeApp in ${NS.app}`];
  }
  if (xsiType(root) !== 'TaskPaneApp') fail(root, `OfficeApp xsi:type must be TaskPaneApp, not '${xsiType(root)}'`);

  // Top-level elements: known, in order, required ones present, each once.
  let last = -1;
  const seen = new Set();
  for (const c of root.children) {
    const index = TOP_LEVEL.indexOf(c.name);
    if (c.uri !== NS.app && c.name !== 'VersionOverrides') fail(c, `${c.name} is not in the OfficeApp namespace`);
    if (index < 0) {
      fail(c, `unknown element ${c.name} in OfficeApp`);
      continue;
    }
    if (seen.has(c.name)) fail(c, `${c.name} appears twice`);
    if (index < last) fail(c, `${c.name} is out of order: it must come before ${TOP_LEVEL[last]}`);
    seen.add(c.name);
    last = Math.max(last, index);
  }
  for (const name of REQUIRED_TOP_LEVEL) if (!seen.has(name)) fail(root, `OfficeApp has no ${name}`);

  const id = child(root, 'Id');
  if (id && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id.text.trim())) {
    fail(id, `Id '${id.text.trim()}' is not a GUID`);
  }
  const version = child(root, 'Version');
  if (version && !/^\d{1,5}(\.\d{1,5}){0,3}$/.test(version.text.trim())) {
    fail(version, `Version '${version.text.trim()}' is not of the form n.n.n.n`);
  }
  const locale = child(root, 'DefaultLocale');
  if (locale && !/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale.text.trim())) fail(locale, `DefaultLocale '${locale.text.trim()}' is not a culture name`);
  for (const [name, max] of [['DisplayName', MAX_SHORT], ['Description', MAX_LONG]]) {
    const e = child(root, name);
    const value = e && attr(e, 'DefaultValue');
    if (e && !value) fail(e, `${name} has no DefaultValue`);
    if (value && value.length > max) fail(e, `${name} is ${value.length} characters; at most ${max}`);
  }
  const permissions = child(root, 'Permissions');
  if (permissions && !PERMISSIONS.includes(permissions.text.trim())) fail(permissions, `Permissions '${permissions.text.trim()}' is not one of ${PERMISSIONS.join(', ')}`);

  const hosts = child(root, 'Hosts');
  if (hosts && !children(hosts, 'Host').some((h) => attr(h, 'Name') === 'Workbook')) fail(hosts, 'Hosts has no Host Name="Workbook"');
  const sets = child(child(root, 'Requirements'), 'Sets');
  const shared = children(sets, 'Set').find((s) => attr(s, 'Name') === 'SharedRuntime');
  if (!shared) fail(child(root, 'Requirements') ?? root, 'Requirements has no Set Name="SharedRuntime" (the task pane and the custom functions share one runtime)');
  else if (Number(attr(shared, 'MinVersion') ?? attr(sets, 'DefaultMinVersion')) < 1.1) fail(shared, 'SharedRuntime needs MinVersion 1.1');
  const defaultPage = attr(child(child(root, 'DefaultSettings'), 'SourceLocation') ?? { attrs: {} }, 'DefaultValue');
  if (!defaultPage) fail(child(root, 'DefaultSettings') ?? root, 'DefaultSettings has no SourceLocation DefaultValue');

  // VersionOverrides.
  const overrides = child(root, 'VersionOverrides');
  if (!overrides) return errors;
  if (overrides.uri !== NS.ov) fail(overrides, `VersionOverrides must be in ${NS.ov}`);
  if (xsiType(overrides) !== 'VersionOverridesV1_0') fail(overrides, `VersionOverrides xsi:type must be VersionOverridesV1_0, not '${xsiType(overrides)}'`);
  const host = children(child(overrides, 'Hosts'), 'Host').find((h) => xsiType(h) === 'Workbook');
  if (!host) fail(overrides, 'VersionOverrides has no Host xsi:type="Workbook"');

  // Resources: ids unique, within lengths; values by kind.
  const resources = child(overrides, 'Resources');
  const byId = new Map();
  for (const kind of ['Images', 'Urls', 'ShortStrings', 'LongStrings']) {
    const group = child(resources, kind);
    for (const r of group?.children ?? []) {
      const rid = attr(r, 'id');
      if (r.uri !== NS.bt) fail(r, `${r.name} in Resources must be in the bt namespace`);
      if (!rid) { fail(r, `a resource in ${kind} has no id`); continue; }
      if (byId.has(rid)) fail(r, `resource id '${rid}' is defined twice`);
      if (rid.length > MAX_ID) fail(r, `resource id '${rid}' is ${rid.length} characters; at most ${MAX_ID}`);
      const value = attr(r, 'DefaultValue');
      if (!value) fail(r, `resource '${rid}' has no DefaultValue`);
      const max = kind === 'ShortStrings' ? MAX_SHORT : kind === 'LongStrings' ? MAX_LONG : Infinity;
      if (value && value.length > max) fail(r, `resource '${rid}' is ${value.length} characters; at most ${max}`);
      byId.set(rid, { kind, value, element: r, used: false });
    }
  }
  if (!resources) fail(overrides, 'VersionOverrides has no Resources');

  // Every resid resolves, to the right kind of resource.
  const resolve = (element) => {
    const resid = attr(element, 'resid');
    if (resid === undefined) return undefined;
    if (resid.length > MAX_ID) fail(element, `resid '${resid}' is ${resid.length} characters; at most ${MAX_ID}`);
    const r = byId.get(resid);
    if (!r) { fail(element, `${element.name} resid '${resid}' names no resource`); return undefined; }
    r.used = true;
    const want = RESID_KIND[element.name];
    if (want && r.kind !== want) fail(element, `${element.name} resid '${resid}' must name a ${want} resource, not ${r.kind}`);
    return r;
  };
  for (const e of walk(overrides)) if (e !== resources && attr(e, 'resid') !== undefined) resolve(e);
  for (const [rid, r] of byId) if (!r.used) fail(r.element, `resource '${rid}' is never used (a misspelt resid?)`);

  // Control and group ids unique.
  const controlIds = new Map();
  for (const e of walk(overrides)) {
    if (!['Group', 'Control'].includes(e.name)) continue;
    const cid = attr(e, 'id');
    if (!cid) fail(e, `${e.name} has no id`);
    else if (controlIds.has(cid)) fail(e, `${e.name} id '${cid}' is used twice`);
    else controlIds.set(cid, e);
    if (cid && cid.length > MAX_SHORT) fail(e, `${e.name} id '${cid}' is longer than ${MAX_SHORT}`);
  }
  for (const e of walk(overrides)) {
    if (e.name === 'Image' && e.uri === NS.bt && attr(e, 'size') !== undefined && !ICON_SIZES.includes(attr(e, 'size'))) {
      fail(e, `icon size ${attr(e, 'size')} is not one of ${ICON_SIZES.join(', ')}`);
    }
    if (e.name === 'Icon') {
      const sizes = children(e, 'Image').map((i) => attr(i, 'size'));
      for (const s of ['16', '32', '80']) if (!sizes.includes(s)) fail(e, `Icon has no ${s} pixel image`);
    }
  }

  if (host) {
    // One shared runtime page: the Runtime, the custom functions' Page, the FunctionFile and the
    // task pane button must all name it (Office does not load a shared runtime otherwise), and it
    // is the DefaultSettings page.
    const runtimes = children(child(host, 'Runtimes'), 'Runtime');
    if (runtimes.length !== 1) fail(host, `Host must have one Runtimes/Runtime (found ${runtimes.length})`);
    const runtime = runtimes[0];
    if (runtime && attr(runtime, 'lifetime') !== 'long') fail(runtime, 'Runtime lifetime must be "long" for a shared runtime');
    if (host.children[0]?.name !== 'Runtimes') fail(host, 'Runtimes must be the first element of Host');
    const page = attr(runtime ?? { attrs: {} }, 'resid');
    const pageUrl = byId.get(page)?.value;
    if (pageUrl && defaultPage && pageUrl !== defaultPage) fail(runtime, `the runtime page ${pageUrl} is not the DefaultSettings page ${defaultPage}`);

    const cf = children(child(host, 'AllFormFactors'), 'ExtensionPoint').find((e) => xsiType(e) === 'CustomFunctions');
    if (!cf) {
      fail(host, 'AllFormFactors has no ExtensionPoint xsi:type="CustomFunctions"');
    } else {
      for (const part of ['Script', 'Page', 'Metadata']) {
        if (!child(child(cf, part), 'SourceLocation')) fail(cf, `CustomFunctions has no ${part}/SourceLocation`);
      }
      const cfPage = child(child(cf, 'Page'), 'SourceLocation');
      if (cfPage && attr(cfPage, 'resid') !== page) fail(cfPage, `the custom functions' Page must be the runtime page '${page}', not '${attr(cfPage, 'resid')}'`);
      const namespace = child(cf, 'Namespace');
      const ns = namespace && byId.get(attr(namespace, 'resid'))?.value;
      if (!namespace) fail(cf, 'CustomFunctions has no Namespace');
      else if (ns && !/^[A-Za-z][A-Za-z0-9.]{0,31}$/.test(ns)) fail(namespace, `Namespace '${ns}' must be letters, digits and dots`);
    }
    const desktop = child(host, 'DesktopFormFactor');
    const functionFile = child(desktop, 'FunctionFile');
    if (!functionFile) fail(desktop ?? host, 'DesktopFormFactor has no FunctionFile');
    else if (attr(functionFile, 'resid') !== page) fail(functionFile, `FunctionFile must be the runtime page '${page}'`);
    const surface = children(desktop, 'ExtensionPoint').find((e) => xsiType(e) === 'PrimaryCommandSurface');
    const home = surface && children(surface, 'OfficeTab').find((t) => attr(t, 'id') === 'TabHome');
    const buttons = home ? [...walk(home)].filter((e) => e.name === 'Control' && xsiType(e) === 'Button') : [];
    const showTaskpane = buttons.map((b) => child(b, 'Action')).filter((a) => a && xsiType(a) === 'ShowTaskpane');
    if (showTaskpane.length === 0) fail(desktop ?? host, 'no Button with a ShowTaskpane action on the Home tab (OfficeTab id="TabHome")');
    for (const action of showTaskpane) {
      const location = child(action, 'SourceLocation');
      if (!child(action, 'TaskpaneId')) fail(action, 'ShowTaskpane has no TaskpaneId (a shared runtime has one task pane)');
      if (!location || attr(location, 'resid') !== page) fail(action, `the task pane button must open the runtime page '${page}'`);
    }
  }

  // Every URL: https, one origin. Any attribute or text holding "://" counts, so a URL added
  // anywhere is checked; namespace declarations are not URLs that are fetched.
  const origins = new Map();
  for (const e of walk(root)) {
    const values = Object.entries(e.attrs)
      .filter(([qname, a]) => !qname.startsWith('xmlns') && a.uri !== NS.xsi)
      .map(([, a]) => a.value);
    if (e.children.length === 0 && e.text.trim()) values.push(e.text.trim());
    for (const value of values) {
      if (!value.includes('://')) continue;
      let url;
      try {
        url = new URL(value);
      } catch {
        fail(e, `'${value}' is not a valid URL`);
        continue;
      }
      if (url.protocol !== 'https:') fail(e, `${value} is not https`);
      if (!origins.has(url.origin)) origins.set(url.origin, e);
    }
  }
  if (origins.size > 1) {
    const [first, ...others] = [...origins.keys()];
    for (const o of others) fail(origins.get(o), `${o} is another origin than ${first}; every URL must be on one origin`);
  }
  return errors;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: check-manifest.js MANIFEST.xml');
    process.exit(2);
  }
  const errors = checkManifest(readFileSync(file, 'utf8'));
  for (const e of errors) console.error(`${file}: ${e}`);
  if (errors.length === 0) console.log(`${file}: ok`);
  process.exit(errors.length === 0 ? 0 : 1);
}
