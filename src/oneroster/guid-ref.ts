/** GUIDRef types (OneRoster 1.1 common fields); a school is an `org`. */
export type GuidRefType = 'academicSession' | 'class' | 'course' | 'demographics' | 'enrollment' | 'org' | 'user';

export interface GuidRef {
  href: string;
  sourcedId: string;
  type: GuidRefType;
}

/** The collection a GUIDRef's href names, by type. */
export const HREF_COLLECTION_OF: Readonly<Record<GuidRefType, string>> = {
  academicSession: 'academicSessions',
  class: 'classes',
  course: 'courses',
  demographics: 'demographics',
  enrollment: 'enrollments',
  org: 'orgs',
  user: 'users',
};

/**
 * Builds GUIDRefs with absolute hrefs under one API base URL (…/ims/oneroster/v1p1). One instance
 * serves one request, and remembers the refs it built: a page of 5,000 enrollments names the same
 * few hundred classes and schools over and over.
 */
export class GuidRefs {
  private readonly built = new Map<GuidRefType, Map<string, GuidRef>>();

  constructor(readonly baseUrl: string) {}

  ref(type: GuidRefType, sourcedId: string): GuidRef {
    let ofType = this.built.get(type);
    if (!ofType) this.built.set(type, (ofType = new Map()));
    let ref = ofType.get(sourcedId);
    if (!ref) {
      ref = Object.freeze({
        href: `${this.baseUrl}/${HREF_COLLECTION_OF[type]}/${encodeURIComponent(sourcedId)}`,
        sourcedId,
        type,
      });
      ofType.set(sourcedId, ref);
    }
    return ref;
  }

  refOrNull(type: GuidRefType, sourcedId: string | null | undefined): GuidRef | undefined {
    return sourcedId ? this.ref(type, sourcedId) : undefined;
  }

  refs(type: GuidRefType, sourcedIds: readonly string[]): GuidRef[] {
    return sourcedIds.map((id) => this.ref(type, id));
  }
}
