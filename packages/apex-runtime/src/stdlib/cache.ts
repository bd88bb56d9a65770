/**
 * Platform Cache (Apex Reference: Cache Namespace — Org, Session, OrgPartition,
 * SessionPartition, Partition, CacheBuilder, Visibility, Cache Exceptions; Apex Developer Guide:
 * Platform Cache Limits).
 *
 * The cache lives in memory and is emptied before every test, as each test starts with the
 * cache it finds on an org that nobody else uses. Partitions come from the project's
 * `cachePartitions/<Name>.cachePartition-meta.xml`; a key without `namespace.partition.` goes to
 * the partition marked `<isDefaultPartition>true</isDefaultPartition>`. The project has no
 * namespace, so `local` is the only namespace a key or partition name may carry.
 *
 * Not modelled: the capacity a partition has (a put is kept whatever the allocation), cache
 * statistics (getAvgGetTime and friends depend on the org's cache servers: they fail loudly),
 * and the serialisation the platform applies to values (a value is kept by reference).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApexThrow, UnsupportedError } from '../interpreter/errors.ts';
import {
  type ClassInfo,
  NativeClass,
  T,
  type TypeInfo,
  mapOf,
  setOf,
  typeName
} from '../interpreter/types.ts';
import {
  ApexBlob,
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexType
} from '../interpreter/values.ts';
import { type Project, projectFolders } from '../loader/project.ts';
import { SObjectValue } from '../database/sobject.ts';
import { nowMillis } from '../values/datetime.ts';
import type { Lib } from './lib.ts';

/** Platform Cache Limits: keys, item size, time-to-live, bulk calls. */
const MAX_KEY_LENGTH = 50;
const MAX_ITEM_BYTES = 100 * 1024;
const MIN_TTL = 300;
const MAX_BULK_KEYS = 10;

type CacheKind = 'Org' | 'Session';

/** What differs between the org cache and the session cache. */
interface KindInfo {
  kind: CacheKind;
  /** Maximum developer-assigned time-to-live (Platform Cache Limits). */
  maxTtl: number;
  /** Default time-to-live of a put without one (org: 24 hours; session: 8 hours). */
  defaultTtl: number;
  /** The exception for a missing partition: Cache.Org.OrgCacheException, ... */
  exception: string;
}

const KINDS: Record<CacheKind, KindInfo> = {
  Org: { kind: 'Org', maxTtl: 172800, defaultTtl: 86400, exception: 'Cache.Org.OrgCacheException' },
  Session: {
    kind: 'Session',
    maxTtl: 28800,
    defaultTtl: 28800,
    exception: 'Cache.Session.SessionCacheException'
  }
};

interface Entry {
  value: unknown;
  expiresAt: number;
}

/** A partition of the project, with the entries of the org and the session cache. */
interface Partition {
  name: string;
  isDefault: boolean;
  stores: Record<CacheKind, Map<string, Entry>>;
}

/** A Cache.OrgPartition or Cache.SessionPartition value. */
class PartitionValue {
  constructor(
    readonly partition: Partition,
    readonly info: KindInfo
  ) {}

  get apexTypeName(): string {
    return `Cache.${this.info.kind}Partition`;
  }
}

/** Reads `cachePartitions/<Name>.cachePartition-meta.xml`. */
function loadPartitions(project: Project): Map<string, Partition> {
  const partitions = new Map<string, Partition>();
  for (const dir of projectFolders(project, 'cachePartitions')) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.cachePartition-meta.xml'))) {
      const name = file.slice(0, -'.cachePartition-meta.xml'.length);
      const xml = readFileSync(join(dir, file), 'utf8');
      partitions.set(name.toLowerCase(), {
        name,
        isDefault: /<isDefaultPartition>\s*true\s*<\/isDefaultPartition>/.test(xml),
        stores: { Org: new Map(), Session: new Map() }
      });
    }
  }
  return partitions;
}

/**
 * Installs the Cache namespace; returns what empties the cache between tests.
 */
export function installCache(lib: Lib, project: Project): () => void {
  const p = lib.platform;
  p.namespaces.add('cache');
  for (const name of [
    'InvalidParamException',
    'ItemSizeLimitExceededException',
    'BulkApiKeysLimitExceededException',
    'PlatformCacheInvalidOperationException',
    'CacheBuilderExecutionException',
    'InvalidCacheBuilderException'
  ])
    p.defineNamespacedException('Cache', name);
  p.defineNamespacedException('Cache.Org', 'OrgCacheException');
  p.defineNamespacedException('Cache.Session', 'SessionCacheException');
  p.defineNamespacedException('Cache.Session', 'SessionCacheNoSessionException');
  const visibility = p.defineEnum('Visibility', ['ALL', 'NAMESPACE'], 'Cache');
  const builder = p.addInterface('CacheBuilder', 'Cache', [
    { name: 'doLoad', params: [['var', T.String]], returns: T.Object }
  ]);

  const partitions = loadPartitions(project);
  const cache = new CacheAccess(lib, partitions, builder);
  const register = (native: NativeClass): NativeClass => {
    p.natives.set(`cache.${native.name}`.toLowerCase(), native);
    return native;
  };
  const base = register(new NativeClass('Partition', (v) => v instanceof PartitionValue));
  installPartitionStatics(lib, base);
  for (const info of Object.values(KINDS)) {
    const partitionClass = register(
      new NativeClass(
        `${info.kind}Partition`,
        (v) => v instanceof PartitionValue && v.info === info
      )
    );
    partitionClass.parent = base;
    const facade = register(new NativeClass(info.kind));
    installFacade(lib, cache, info, facade, partitionClass, visibility);
    installPartition(lib, cache, info, partitionClass, visibility);
  }
  return () => {
    for (const partition of partitions.values()) {
      partition.stores.Org.clear();
      partition.stores.Session.clear();
    }
  };
}

/** Key parsing, validation and the entries behind every Cache method. */
class CacheAccess {
  constructor(
    private readonly lib: Lib,
    private readonly partitions: Map<string, Partition>,
    private readonly builder: ClassInfo
  ) {}

  private invalid(message: string): never {
    return this.lib.throwApex('Cache.InvalidParamException', message);
  }

  /** The partition named `namespace.partition` (only `local` exists: the project has no namespace). */
  partition(info: KindInfo, qualified: string, method: string): Partition {
    const parts = qualified.split('.');
    if (parts.length !== 2) {
      throw new UnsupportedError(
        `Cache.${info.kind}.${method}('${qualified}'): a partition name without namespace.partition`
      );
    }
    const [namespace, name] = parts;
    if (!/^[A-Za-z0-9]+$/.test(name)) this.invalid(`Invalid partition name: ${qualified}`);
    const found =
      namespace.toLowerCase() === 'local' ? this.partitions.get(name.toLowerCase()) : undefined;
    if (!found)
      this.lib.throwApex(
        info.exception,
        `Failed Cache.${info.kind}.${method}() for partition ${qualified}: partition not found`
      );
    return found;
  }

  /** Splits `[namespace.partition.]key` of the Org and Session classes into partition and key. */
  resolve(info: KindInfo, raw: unknown, method: string): { partition: Partition; key: string } {
    const text = this.requireKey(raw);
    const parts = text.split('.');
    if (parts.length === 3) {
      const partition = this.partition(info, `${parts[0]}.${parts[1]}`, method);
      return { partition, key: this.checkKey(parts[2]) };
    }
    if (parts.length !== 1)
      this.invalid(`Invalid key: ${text}: use namespace.partition.key or key`);
    const partition = [...this.partitions.values()].find((p) => p.isDefault);
    if (!partition)
      this.lib.throwApex(
        info.exception,
        `Failed Cache.${info.kind}.${method}() for key ${text}: no default partition`
      );
    return { partition, key: this.checkKey(text) };
  }

  private requireKey(raw: unknown): string {
    if (raw === null || raw === '') this.invalid('Key cannot be null or empty');
    return raw as string;
  }

  /** A key as a partition object takes it: alphanumeric, at most 50 characters. */
  checkKey(raw: unknown): string {
    const key = this.requireKey(raw);
    if (!/^[A-Za-z0-9]+$/.test(key)) this.invalid(`Invalid key: ${key}: keys must be alphanumeric`);
    if (key.length > MAX_KEY_LENGTH)
      this.invalid(`Invalid key: ${key}: keys have at most ${MAX_KEY_LENGTH} characters`);
    return key;
  }

  get(info: KindInfo, partition: Partition, key: string): unknown {
    const store = partition.stores[info.kind];
    const entry = store.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= nowMillis()) {
      store.delete(key);
      return null;
    }
    return entry.value;
  }

  put(info: KindInfo, partition: Partition, key: string, value: unknown, ttl: unknown): void {
    if (value === null) this.invalid('Value cannot be null');
    const seconds = ttl === undefined ? info.defaultTtl : (this.lib.need(ttl, 'ttlSecs') as number);
    if (seconds < MIN_TTL || seconds > info.maxTtl)
      this.invalid(`Invalid ttlSecs ${seconds}: must be between ${MIN_TTL} and ${info.maxTtl}`);
    if (approximateSize(value, new Set()) > MAX_ITEM_BYTES)
      this.lib.throwApex(
        'Cache.ItemSizeLimitExceededException',
        `Failed Cache.${info.kind}.put() for key ${key}: the item exceeds the maximum size of 100 KB`
      );
    partition.stores[info.kind].set(key, { value, expiresAt: nowMillis() + seconds * 1000 });
  }

  remove(info: KindInfo, partition: Partition, key: string): boolean {
    const present = this.get(info, partition, key) !== null;
    partition.stores[info.kind].delete(key);
    return present;
  }

  keys(info: KindInfo, partition: Partition): string[] {
    return [...partition.stores[info.kind].keys()].filter(
      (k) => this.get(info, partition, k) !== null
    );
  }

  /** The keys of a bulk get or contains: at most 10 (Cache.BulkApiKeysLimitExceededException). */
  bulkKeys(raw: unknown): string[] {
    const keys = (this.lib.need(raw, 'keys') as ApexSet).values() as string[];
    if (keys.length > MAX_BULK_KEYS)
      this.lib.throwApex(
        'Cache.BulkApiKeysLimitExceededException',
        `The number of keys exceeds the limit of ${MAX_BULK_KEYS}`
      );
    return keys;
  }

  /**
   * get(cacheBuilder, key): the cached value, or what the builder's doLoad returns for a miss,
   * which is then cached (Apex Reference: CacheBuilder Interface).
   */
  load(info: KindInfo, partition: Partition, key: string, typeValue: unknown): unknown {
    const builder = this.builderInstance(typeValue);
    const cached = this.get(info, partition, key);
    if (cached !== null) return cached;
    let value: unknown;
    try {
      value = this.lib.rt.callMethod(builder, 'doLoad', [key]);
    } catch (error) {
      if (!(error instanceof ApexThrow) || error.exception.cls.name === 'LimitException')
        throw error;
      this.lib.throwApex(
        'Cache.CacheBuilderExecutionException',
        this.lib.rt.describeException(error.exception)
      );
    }
    if (value !== null) this.put(info, partition, key, value, undefined);
    return value;
  }

  /** An instance of a class that implements Cache.CacheBuilder, or InvalidCacheBuilderException. */
  builderInstance(typeValue: unknown): ApexObject {
    const t = (this.lib.need(typeValue, 'cacheBuilder') as ApexType).type;
    if (t.kind !== 'class' || !t.cls.isSubtypeOf(this.builder) || t.cls.kind !== 'class') {
      this.lib.throwApex(
        'Cache.InvalidCacheBuilderException',
        `${typeName(t)} does not implement Cache.CacheBuilder`
      );
    }
    const cls = t.cls;
    const ctor = cls.constructors.find((c) => c.params.length === 0) ?? null;
    if (cls.constructors.length > 0 && !ctor)
      throw new UnsupportedError(`Cache builder ${cls.fullName} without a no-argument constructor`);
    const obj = this.lib.compiler.instantiate(cls);
    this.lib.compiler.runConstructor(cls, ctor, obj, []);
    return obj;
  }
}

/** A rough serialized size: enough to tell a 100 KB item from a small one. */
function approximateSize(value: unknown, seen: Set<object>): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value !== 'object') return 8;
  if (seen.has(value)) return 0;
  seen.add(value);
  const sum = (items: unknown[]) => items.reduce<number>((n, v) => n + approximateSize(v, seen), 8);
  if (value instanceof ApexBlob) return value.bytes.length;
  if (value instanceof ApexList) return sum(value.items);
  if (value instanceof ApexSet) return sum(value.values());
  if (value instanceof ApexMap) return sum([...value.keys(), ...value.values()]);
  if (value instanceof ApexObject) return sum(value.fields);
  if (value instanceof SObjectValue) return sum([...value.values.values()]);
  if (value instanceof ApexEnumValue) return value.name.length;
  return 8;
}

/** Cache.Org / Cache.Session: static methods on `[namespace.partition.]key`. */
function installFacade(
  lib: Lib,
  cache: CacheAccess,
  info: KindInfo,
  facade: NativeClass,
  partitionClass: NativeClass,
  visibility: ClassInfo
): void {
  const S = T.String;
  const O = T.Object;
  const typeType = lib.native('Type').type;
  const at = (key: unknown, method: string) => cache.resolve(info, key, method);
  facade.addStatic('put', [S, O], T.Void, (_s, [k, v]) => {
    const { partition, key } = at(k, 'put');
    cache.put(info, partition, key, v, undefined);
    return null;
  });
  facade.addStatic('put', [S, O, T.Integer], T.Void, (_s, [k, v, ttl]) => {
    const { partition, key } = at(k, 'put');
    cache.put(info, partition, key, v, ttl);
    return null;
  });
  facade.addStatic('put', [S, O, visibility.type], T.Void, (_s, [k, v]) => {
    const { partition, key } = at(k, 'put');
    cache.put(info, partition, key, v, undefined);
    return null;
  });
  // Visibility and immutability only matter between namespaces; the project has one.
  facade.addStatic(
    'put',
    [S, O, T.Integer, visibility.type, T.Boolean],
    T.Void,
    (_s, [k, v, ttl]) => {
      const { partition, key } = at(k, 'put');
      cache.put(info, partition, key, v, ttl);
      return null;
    }
  );
  facade.addStatic('get', [S], O, (_s, [k]) => {
    const { partition, key } = at(k, 'get');
    return cache.get(info, partition, key);
  });
  facade.addStatic('get', [typeType, S], O, (_s, [t, k]) => {
    const { partition, key } = at(k, 'get');
    return cache.load(info, partition, key, t);
  });
  facade.addStatic('get', [setOf(S)], mapOf(S, O), (_s, [keys]) => {
    const result = lib.map(S, O);
    for (const k of cache.bulkKeys(keys)) {
      const { partition, key } = at(k, 'get');
      result.put(k, cache.get(info, partition, key));
    }
    return result;
  });
  facade.addStatic('contains', [S], T.Boolean, (_s, [k]) => {
    const { partition, key } = at(k, 'contains');
    return cache.get(info, partition, key) !== null;
  });
  facade.addStatic('contains', [setOf(S)], mapOf(S, T.Boolean), (_s, [keys]) => {
    const result = lib.map(S, T.Boolean);
    for (const k of cache.bulkKeys(keys)) {
      const { partition, key } = at(k, 'contains');
      result.put(k, cache.get(info, partition, key) !== null);
    }
    return result;
  });
  facade.addStatic('remove', [S], T.Boolean, (_s, [k]) => {
    const { partition, key } = at(k, 'remove');
    return cache.remove(info, partition, key);
  });
  facade.addStatic('remove', [typeType, S], T.Boolean, (_s, [t, k]) => {
    cache.builderInstance(t);
    const { partition, key } = at(k, 'remove');
    return cache.remove(info, partition, key);
  });
  facade.addStatic('getPartition', [S], partitionClass.type, (_s, [name]) => {
    const qualified = lib.need(name, 'partitionName') as string;
    return new PartitionValue(cache.partition(info, qualified, 'getPartition'), info);
  });
  // Anonymous code runs as a test here; tests have a session cache (observed on orgs).
  facade.addStatic('isAvailable', [], T.Boolean, () => true);
  facade.addStatic('getName', [], S, () => {
    throw new UnsupportedError(`Cache.${info.kind}.getName()`);
  });
  facade.addStatic('getKeys', [], setOf(S), () => {
    throw new UnsupportedError(
      `Cache.${info.kind}.getKeys(): the documentation does not say how keys of several partitions are named; use a partition's getKeys()`
    );
  });
  addStatistics(facade, `Cache.${info.kind}`, true);
}

/** Cache.OrgPartition / Cache.SessionPartition: instance methods on plain keys. */
function installPartition(
  lib: Lib,
  cache: CacheAccess,
  info: KindInfo,
  native: NativeClass,
  visibility: ClassInfo
): void {
  const S = T.String;
  const O = T.Object;
  const typeType = lib.native('Type').type;
  const part = (self: unknown) => (self as PartitionValue).partition;
  const key = (k: unknown) => cache.checkKey(k);
  native.addMethod('put', [S, O], T.Void, (self, [k, v]) => {
    cache.put(info, part(self), key(k), v, undefined);
    return null;
  });
  native.addMethod('put', [S, O, T.Integer], T.Void, (self, [k, v, ttl]) => {
    cache.put(info, part(self), key(k), v, ttl);
    return null;
  });
  native.addMethod('put', [S, O, visibility.type], T.Void, (self, [k, v]) => {
    cache.put(info, part(self), key(k), v, undefined);
    return null;
  });
  native.addMethod(
    'put',
    [S, O, T.Integer, visibility.type, T.Boolean],
    T.Void,
    (self, [k, v, ttl]) => {
      cache.put(info, part(self), key(k), v, ttl);
      return null;
    }
  );
  native.addMethod('get', [S], O, (self, [k]) => cache.get(info, part(self), key(k)));
  native.addMethod('get', [typeType, S], O, (self, [t, k]) =>
    cache.load(info, part(self), key(k), t)
  );
  native.addMethod('get', [setOf(S)], mapOf(S, O), (self, [keys]) => {
    const result = lib.map(S, O);
    for (const k of cache.bulkKeys(keys)) result.put(k, cache.get(info, part(self), key(k)));
    return result;
  });
  native.addMethod('contains', [S], T.Boolean, (self, [k]) => {
    return cache.get(info, part(self), key(k)) !== null;
  });
  native.addMethod('contains', [setOf(S)], mapOf(S, T.Boolean), (self, [keys]) => {
    const result = lib.map(S, T.Boolean);
    for (const k of cache.bulkKeys(keys))
      result.put(k, cache.get(info, part(self), key(k)) !== null);
    return result;
  });
  native.addMethod('remove', [S], T.Boolean, (self, [k]) => cache.remove(info, part(self), key(k)));
  native.addMethod('remove', [typeType, S], T.Boolean, (self, [t, k]) => {
    cache.builderInstance(t);
    return cache.remove(info, part(self), key(k));
  });
  native.addMethod('getKeys', [], setOf(S), (self) => lib.set(S, cache.keys(info, part(self))));
  native.addMethod('getName', [], S, (self) => part(self).name);
  native.addMethod('isAvailable', [], T.Boolean, () => true);
  addStatistics(native, `Cache.${info.kind}Partition`, false);
}

/** Statistics of the cache servers: the runtime has none to report, so they fail loudly. */
function addStatistics(native: NativeClass, label: string, isStatic: boolean): void {
  const stats: [string, TypeInfo][] = [
    ['getAvgGetSize', T.Long],
    ['getAvgGetTime', T.Long],
    ['getAvgValueSize', T.Long],
    ['getCapacity', T.Double],
    ['getMaxGetSize', T.Long],
    ['getMaxGetTime', T.Long],
    ['getMaxValueSize', T.Long],
    ['getMissRate', T.Double],
    ['getNumKeys', T.Long]
  ];
  for (const [name, type] of stats) {
    const impl = () => {
      throw new UnsupportedError(`${label}.${name}(): cache statistics of the org's cache servers`);
    };
    if (isStatic) native.addStatic(name, [], type, impl);
    else native.addMethod(name, [], type, impl);
  }
}

/** Cache.Partition's static helpers for names and keys. */
function installPartitionStatics(lib: Lib, base: NativeClass): void {
  const S = T.String;
  const alnum = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9]+$/.test(v);
  const invalid = (message: string): never => lib.throwApex('Cache.InvalidParamException', message);
  base.addStatic('createFullyQualifiedKey', [S, S, S], S, (_s, [ns, partition, key]) => {
    if (!alnum(partition)) invalid(`Invalid partition name: ${String(partition)}`);
    if (!alnum(key)) invalid(`Invalid key: ${String(key)}`);
    return `${(ns as string | null) || 'local'}.${partition as string}.${key as string}`;
  });
  base.addStatic('createFullyQualifiedPartition', [S, S], S, (_s, [ns, partition]) => {
    if (!alnum(partition)) invalid(`Invalid partition name: ${String(partition)}`);
    return `${(ns as string | null) || 'local'}.${partition as string}`;
  });
  base.addStatic('validateKey', [T.Boolean, S], T.Void, (_s, [isDefault, key]) => {
    const text = lib.need(key, 'key') as string;
    const parts = text.split('.');
    const plain = isDefault === true ? parts.length === 1 : parts.length === 3;
    if (!plain || !alnum(parts.at(-1)) || parts.at(-1)!.length > MAX_KEY_LENGTH)
      invalid(`Invalid key: ${text}`);
    return null;
  });
  base.addStatic('validatePartitionName', [S], T.Void, (_s, [name]) => {
    const parts = (lib.need(name, 'name') as string).split('.');
    if (parts.length !== 2 || !parts.every(alnum))
      invalid(`Invalid partition name: ${String(name)}`);
    return null;
  });
}
