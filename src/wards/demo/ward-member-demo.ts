import type { EntityManager } from 'typeorm';
import { WardMember } from '../ward-member.entity.js';
import { Ward } from '../ward.entity.js';

const FIRST_NAMES = [
  'Alice', 'Ben', 'Chloe', 'David', 'Emma', 'Faisal', 'Grace', 'Harry', 'Isla', 'James',
  'Kiran', 'Laura', 'Mohammed', 'Nina', 'Oliver', 'Priya', 'Rachel', 'Samuel', 'Tom', 'Zara',
];
const SURNAMES = [
  'Ashdown', 'Bryant', 'Carter', 'Doyle', 'Ellis', 'Fletcher', 'Gill', 'Hughes', 'Iqbal', 'Jarvis',
  'Khan', 'Lambert', 'Morgan', 'Norris', 'Okafor', 'Patel', 'Quinn', 'Reid', 'Shaw', 'Turner',
  'Usher', 'Vaughan', 'Walsh', 'Young', 'Barker', 'Collins', 'Dixon', 'Foster', 'Hart', 'Palmer',
];

/** Fictional councillors, as many per ward as it elects; emails on a reserved `.example` domain. */
export function demoWardMembers(wards: Ward[]): Pick<WardMember, 'wardId' | 'name' | 'email' | 'isDemo'>[] {
  const sorted = [...wards].sort((a, b) => a.id.localeCompare(b.id));
  const members: Pick<WardMember, 'wardId' | 'name' | 'email' | 'isDemo'>[] = [];
  let person = 0;
  for (const ward of sorted) {
    for (let seat = 0; seat < ward.councillors; seat += 1, person += 1) {
      // (person mod 20, person mod 30) pairs are distinct for the first 60 people: names stay unique.
      const first = FIRST_NAMES[person % FIRST_NAMES.length];
      const last = SURNAMES[person % SURNAMES.length];
      members.push({
        wardId: ward.id,
        name: `Cllr ${first} ${last}`,
        email: `${first}.${last}@councillors.medway.example`.toLowerCase(),
        isDemo: true,
      });
    }
  }
  return members;
}

/** Idempotent: a member already present (same ward and email) is left alone. */
export async function seedDemoWardMembers(manager: EntityManager): Promise<number> {
  const members = demoWardMembers(await manager.find(Ward));
  if (members.length === 0) return 0;
  const result = await manager.createQueryBuilder().insert().into(WardMember).values(members).orIgnore().execute();
  return result.identifiers.filter(Boolean).length;
}
