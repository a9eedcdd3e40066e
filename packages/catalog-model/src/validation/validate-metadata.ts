import { fieldRules } from './field-rules.js';
import {
  type EntityValidationIssue,
  formatJsonPath,
  invalidFieldMessage,
  type JsonPathSegment,
} from './issue.js';
import { isPlainObject } from './validate-envelope.js';

const NON_EMPTY = 'a non-empty string';

/**
 * Checks `metadata` against the format rules: name, namespace, title, description, labels,
 * annotations, tags, links, uid and etag. Other keys are allowed. Pushes onto `issues`.
 *
 * @example
 * const issues: EntityValidationIssue[] = [];
 * checkMetadata({ name: 'bad name' }, issues);
 * // issues[0].message: '"metadata.name" is not valid; expected … but found "bad name"'
 */
export function checkMetadata(metadata: unknown, issues: EntityValidationIssue[]): void {
  if (metadata === undefined) {
    issues.push({ path: ['metadata'], message: '"metadata" is required and must hold at least a name' });
    return;
  }
  if (!isPlainObject(metadata)) {
    issues.push({
      path: ['metadata'],
      message: invalidFieldMessage('metadata', 'an object with at least a name', metadata),
    });
    return;
  }
  const { name, namespace, title, description, labels, annotations, tags, links, uid, etag } = metadata;
  if (name === undefined) {
    issues.push({ path: ['metadata', 'name'], message: '"metadata.name" is required' });
  } else if (!fieldRules.entityName.test(name)) {
    issues.push({
      path: ['metadata', 'name'],
      message: invalidFieldMessage('metadata.name', fieldRules.entityName.expectation, name),
    });
  }
  if (namespace !== undefined && !fieldRules.namespace.test(namespace)) {
    issues.push({
      path: ['metadata', 'namespace'],
      message: invalidFieldMessage('metadata.namespace', fieldRules.namespace.expectation, namespace),
    });
  }
  checkString(title, ['metadata', 'title'], 1, issues);
  checkString(description, ['metadata', 'description'], 0, issues);
  checkString(uid, ['metadata', 'uid'], 1, issues);
  checkString(etag, ['metadata', 'etag'], 1, issues);
  if (labels !== undefined) checkStringMap(labels, 'labels', issues);
  if (annotations !== undefined) checkStringMap(annotations, 'annotations', issues);
  if (tags !== undefined) checkTags(tags, issues);
  if (links !== undefined) checkLinks(links, issues);
}

function checkString(
  value: unknown,
  path: JsonPathSegment[],
  minLength: number,
  issues: EntityValidationIssue[],
) {
  if (value === undefined || (typeof value === 'string' && value.length >= minLength)) return;
  const expectation = minLength > 0 ? NON_EMPTY : 'a string';
  issues.push({ path, message: invalidFieldMessage(formatJsonPath(path), expectation, value) });
}

function checkStringMap(map: unknown, field: 'labels' | 'annotations', issues: EntityValidationIssue[]) {
  const keyRule = field === 'labels' ? fieldRules.labelKey : fieldRules.annotationKey;
  const valueRule = field === 'labels' ? fieldRules.labelValue : fieldRules.annotationValue;
  if (!isPlainObject(map)) {
    issues.push({
      path: ['metadata', field],
      message: invalidFieldMessage(`metadata.${field}`, 'an object of string keys to string values', map),
    });
    return;
  }
  for (const key in map) {
    const path = ['metadata', field, key];
    if (!keyRule.test(key)) {
      issues.push({
        path,
        message: invalidFieldMessage(`metadata.${field}`, `each key to be ${keyRule.expectation},`, key),
      });
    }
    const value = map[key];
    if (!valueRule.test(value)) {
      issues.push({ path, message: invalidFieldMessage(formatJsonPath(path), valueRule.expectation, value) });
    }
  }
}

function checkTags(tags: unknown, issues: EntityValidationIssue[]) {
  if (!Array.isArray(tags)) {
    issues.push({
      path: ['metadata', 'tags'],
      message: invalidFieldMessage('metadata.tags', 'a list of tags', tags),
    });
    return;
  }
  for (let index = 0; index < tags.length; index++) {
    if (fieldRules.tag.test(tags[index])) continue;
    issues.push({
      path: ['metadata', 'tags', index],
      message: invalidFieldMessage(`metadata.tags[${index}]`, fieldRules.tag.expectation, tags[index]),
    });
  }
}

function checkLinks(links: unknown, issues: EntityValidationIssue[]) {
  if (!Array.isArray(links)) {
    issues.push({
      path: ['metadata', 'links'],
      message: invalidFieldMessage('metadata.links', 'a list of links, each with at least a url', links),
    });
    return;
  }
  for (let index = 0; index < links.length; index++) {
    const link = links[index];
    const at = `metadata.links[${index}]`;
    if (!isPlainObject(link)) {
      issues.push({
        path: ['metadata', 'links', index],
        message: invalidFieldMessage(at, 'an object with at least a url', link),
      });
      continue;
    }
    if (link.url === undefined) {
      issues.push({ path: ['metadata', 'links', index, 'url'], message: `"${at}.url" is required` });
    } else if (!fieldRules.url.test(link.url)) {
      issues.push({
        path: ['metadata', 'links', index, 'url'],
        message: invalidFieldMessage(`${at}.url`, fieldRules.url.expectation, link.url),
      });
    }
    for (const key of ['title', 'icon'] as const) {
      if (link[key] === undefined || fieldRules.nonBlankString.test(link[key])) continue;
      issues.push({
        path: ['metadata', 'links', index, key],
        message: invalidFieldMessage(`${at}.${key}`, fieldRules.nonBlankString.expectation, link[key]),
      });
    }
    checkString(link.type, ['metadata', 'links', index, 'type'], 1, issues);
  }
}
