// One way to make a household and a volunteer, shared by the community generator and the tests.
// Factories only draw plain rows from the faker they are given (so a seed fixes every choice); the
// insert helpers write them. Households are drawn to fit their categories: an elderly person living
// alone is one old member who needs care, a both-unemployed family has two working-age adults out of work.
import type { Faker } from "@faker-js/faker";
import {
  isZeroEmployment,
  nextVerificationDue,
  verificationIntervalMonths,
  type Category,
  type ConsentScope,
  type HardshipLevel,
  type MemberRelation,
  type Need,
} from "#app/modules/households/codes";
import { schema, type Tx } from "#db/client.server";

export type HouseholdRow = typeof schema.households.$inferInsert;
export type MemberRow = typeof schema.householdMembers.$inferInsert;
export type UserRow = typeof schema.users.$inferInsert;

export interface MemberDraft {
  name: string;
  relation: MemberRelation;
  birthYear: number;
  phone: string | null;
  employed: boolean;
  disabled: boolean;
  inSchool: boolean;
}

/** The head first, then the rest of the household. */
export type Members = [MemberDraft, ...MemberDraft[]];

export interface HouseholdDraft {
  household: Omit<HouseholdRow, "id">;
  members: Members;
  categories: Category[];
  needs: { need: Need; note: string | null }[];
}

export interface HouseholdOptions {
  compoundId: number;
  address: { building: string; unit: string; room: string };
  level?: HardshipLevel;
  /** Fixed categories; drawn to fit the level when omitted. */
  categories?: Category[];
  /** Clock of the community, so that ages, verification dates and timestamps follow one seed. */
  now?: Date;
}

/** The household's make-up follows one "shape" category; the rest add to it. */
const shapeCategories = [
  "elderly_alone",
  "orphan",
  "widow",
  "non_permanent_worker_family",
  "both_terminated_children_in_school",
  "terminated_unemployed_children_in_school",
  "both_unemployed",
  "welfare_job_high_tuition",
] as const satisfies readonly Category[];
type ShapeCategory = (typeof shapeCategories)[number];
const shapeWeights: Record<ShapeCategory, number> = {
  elderly_alone: 16,
  orphan: 2,
  widow: 8,
  non_permanent_worker_family: 18,
  both_terminated_children_in_school: 12,
  terminated_unemployed_children_in_school: 12,
  both_unemployed: 20,
  welfare_job_high_tuition: 12,
};
const addOnCategories: Record<ShapeCategory, Category[]> = {
  elderly_alone: ["serious_illness", "disabled", "temporary_disaster"],
  orphan: ["disabled", "serious_illness"],
  widow: ["serious_illness", "disabled", "many_children", "temporary_disaster"],
  non_permanent_worker_family: [
    "serious_illness",
    "disabled",
    "disabled_employee",
    "many_children",
    "temporary_disaster",
  ],
  both_terminated_children_in_school: ["serious_illness", "disabled", "many_children", "temporary_disaster"],
  terminated_unemployed_children_in_school: [
    "serious_illness",
    "disabled",
    "many_children",
    "temporary_disaster",
  ],
  both_unemployed: ["serious_illness", "disabled", "many_children", "temporary_disaster"],
  welfare_job_high_tuition: ["serious_illness", "disabled", "disabled_employee", "many_children"],
};

/** What each category usually calls for; a household's needs are the union of its categories'. */
export const typicalNeeds: Record<Category, Need[]> = {
  non_permanent_worker_family: ["employment", "material"],
  many_children: ["schooling", "material"],
  disabled_employee: ["medical", "employment"],
  serious_illness: ["medical", "material"],
  both_terminated_children_in_school: ["employment", "schooling"],
  terminated_unemployed_children_in_school: ["employment", "schooling"],
  widow: ["material", "care"],
  orphan: ["schooling", "care"],
  both_unemployed: ["employment", "material"],
  welfare_job_high_tuition: ["schooling", "material"],
  elderly_alone: ["care", "medical"],
  disabled: ["care", "medical"],
  temporary_disaster: ["material", "other"],
};

const needNotes: Record<Need, string[]> = {
  employment: ["希望参加再就业培训", "想找离家近的工作", "需要公益性岗位", "有电焊证，想找相关工作"],
  medical: ["需定期透析", "慢性病长期服药", "术后康复中", "需协助办理大病医保报销"],
  schooling: ["孩子上高中，学费有困难", "大学学费需要资助", "需要课后辅导", "申请助学金"],
  material: ["冬季取暖费有困难", "需要米面油等生活物资", "房屋需要维修", "家电老旧需更换"],
  care: ["行动不便，需要定期探望", "需要帮助买菜做饭", "独居，希望有人常来看看", "需要陪同就医"],
  other: ["房屋受损，需要临时安置", "需要法律咨询", "希望办理低保手续"],
};

const householdNotes = [
  "子女在外地工作",
  "户主曾为油田职工",
  "房屋为租住",
  "常住人口与户籍不一致",
  "近期家庭变故",
];

const mobilePrefixes = [
  "130",
  "131",
  "132",
  "135",
  "136",
  "137",
  "138",
  "139",
  "150",
  "151",
  "152",
  "158",
  "159",
  "186",
  "187",
  "188",
  "189",
];

function mobile(faker: Faker): string {
  return faker.helpers.arrayElement(mobilePrefixes) + faker.string.numeric(8);
}

function age(faker: Faker, year: number, from: number, to: number): number {
  return year - faker.number.int({ min: from, max: to });
}

/** A member of the household: the surname is shared with the head unless given. */
function member(
  faker: Faker,
  year: number,
  relation: MemberRelation,
  birthYear: number,
  traits: { employed?: boolean; surname?: string } = {},
): MemberDraft {
  const ageNow = year - birthYear;
  const surname = traits.surname ?? faker.person.lastName();
  const inSchool =
    ageNow >= 6 && ageNow <= 22 && (ageNow <= 18 || faker.datatype.boolean({ probability: 0.5 }));
  const employable = ageNow >= 16 && ageNow <= 64 && !inSchool;
  return {
    name: surname + faker.person.firstName(),
    relation,
    birthYear,
    phone: ageNow >= 14 && faker.datatype.boolean({ probability: 0.85 }) ? mobile(faker) : null,
    employed:
      employable && (traits.employed ?? faker.datatype.boolean({ probability: ageNow <= 59 ? 0.8 : 0.15 })),
    disabled: false,
    inSchool,
  };
}

/** An ordinary family of 1–6 (about 3.3 on average), three generations at most. */
function ordinaryMembers(faker: Faker, year: number): Members {
  const size = faker.helpers.weightedArrayElement([
    { value: 1, weight: 10 },
    { value: 2, weight: 20 },
    { value: 3, weight: 25 },
    { value: 4, weight: 25 },
    { value: 5, weight: 12 },
    { value: 6, weight: 8 },
  ]);
  const surname = faker.person.lastName();
  const headBirth = age(faker, year, size >= 5 ? 32 : 24, size === 1 ? 85 : 62);
  const members: Members = [member(faker, year, "head", headBirth, { surname })];
  if (size >= 2)
    members.push(member(faker, year, "spouse", headBirth + faker.number.int({ min: -4, max: 4 })));
  const headAge = year - headBirth;
  let remaining = size - members.length;
  if (remaining >= 2 && headAge <= 50 && faker.datatype.boolean({ probability: 0.5 })) {
    members.push(
      member(faker, year, "parent", headBirth - faker.number.int({ min: 24, max: 32 }), { surname }),
    );
    remaining--;
  }
  for (let i = 0; i < remaining; i++) {
    const childBirth = Math.min(year, headBirth + faker.number.int({ min: 22, max: 36 }));
    members.push(member(faker, year, "child", childBirth, { surname }));
  }
  return members;
}

/** Members that fit a hardship household's shape and add-on categories. */
function hardshipMembers(faker: Faker, year: number, shape: ShapeCategory, categories: Category[]): Members {
  const surname = faker.person.lastName();
  const childCount = categories.includes("many_children")
    ? faker.number.int({ min: 3, max: 4 })
    : faker.number.int({ min: 1, max: 2 });
  // Children in school, aged 7 to 20 and born when the parent was at least 18.
  const schoolChildren = (parentBirth: number, count: number) =>
    Array.from({ length: count }, () => {
      const oldest = Math.min(20, year - parentBirth - 18);
      const birthYear = year - faker.number.int({ min: 7, max: Math.max(7, oldest) });
      return { ...member(faker, year, "child", birthYear, { surname }), inSchool: true, employed: false };
    });
  let members: Members;
  switch (shape) {
    case "elderly_alone":
      members = [member(faker, year, "head", age(faker, year, 70, 92), { surname, employed: false })];
      break;
    case "orphan": {
      const grandparent = member(faker, year, "head", age(faker, year, 62, 82), { surname, employed: false });
      const orphans = Array.from({ length: faker.number.int({ min: 1, max: 2 }) }, () => ({
        ...member(faker, year, "grandchild", age(faker, year, 6, 17), { surname }),
        inSchool: true,
      }));
      members = [grandparent, ...orphans];
      break;
    }
    case "widow": {
      const head = member(
        faker,
        year,
        "head",
        age(faker, year, 40, categories.includes("many_children") ? 52 : 75),
        {
          employed: false,
        },
      );
      const children = categories.includes("many_children")
        ? childCount
        : year - head.birthYear <= 55
          ? faker.number.int({ min: 1, max: childCount })
          : 0;
      members = [head, ...schoolChildren(head.birthYear, children)];
      break;
    }
    default: {
      const headBirth = age(faker, year, 36, 55);
      const working = shape === "non_permanent_worker_family" || shape === "welfare_job_high_tuition";
      const head = member(faker, year, "head", headBirth, { surname, employed: working });
      const spouse = member(faker, year, "spouse", headBirth + faker.number.int({ min: -3, max: 3 }), {
        employed: shape === "non_permanent_worker_family" && faker.datatype.boolean({ probability: 0.4 }),
      });
      const withChildren =
        shape !== "both_unemployed" ||
        categories.includes("many_children") ||
        faker.datatype.boolean({ probability: 0.7 });
      members = [head, spouse, ...(withChildren ? schoolChildren(headBirth, childCount) : [])];
    }
  }
  if (categories.includes("disabled")) {
    const who = faker.helpers.arrayElement(members);
    who.disabled = true;
  }
  if (categories.includes("disabled_employee")) {
    members[0].disabled = true;
    members[0].employed = true;
  }
  return members;
}

function drawCategories(faker: Faker, level: Exclude<HardshipLevel, "none">): [ShapeCategory, Category[]] {
  const shape = faker.helpers.weightedArrayElement(
    shapeCategories.map((value) => ({ value, weight: shapeWeights[value] })),
  );
  const addOnCount = faker.number.int({ min: level === "extreme" ? 1 : 0, max: 2 });
  const addOns = faker.helpers.arrayElements(addOnCategories[shape], addOnCount);
  return [shape, [shape, ...addOns]];
}

function consentFor(
  faker: Faker,
  level: HardshipLevel,
  head: MemberDraft,
  at: Date,
): Pick<HouseholdRow, "consentGivenBy" | "consentGivenAt" | "consentScopes"> {
  const none = { consentGivenBy: null, consentGivenAt: null, consentScopes: null };
  const scopes: ConsentScope[] | null =
    level === "none"
      ? faker.datatype.boolean({ probability: 0.3 })
        ? ["registry"]
        : null
      : faker.helpers.weightedArrayElement<ConsentScope[] | null>([
          { value: ["registry", "health", "contact_helper"], weight: 70 },
          { value: ["registry", "contact_helper"], weight: 15 },
          { value: null, weight: 15 },
        ]);
  if (!scopes) return none;
  return { consentGivenBy: head.name, consentGivenAt: at, consentScopes: scopes };
}

const day = 24 * 60 * 60 * 1000;

/** Draws one household: members, categories and needs fitting its level, consent and verification dates. */
export function makeHousehold(faker: Faker, options: HouseholdOptions): HouseholdDraft {
  const now = options.now ?? new Date();
  const year = now.getUTCFullYear();
  const level = options.level ?? "none";
  let categories: Category[] = [];
  let members: Members;
  if (level === "none") {
    members = ordinaryMembers(faker, year);
  } else {
    const [shape, drawn] = drawCategories(faker, level);
    categories = options.categories ?? drawn;
    const shapeOf = categories.find((c): c is ShapeCategory =>
      (shapeCategories as readonly string[]).includes(c),
    );
    members = hardshipMembers(faker, year, shapeOf ?? shape, categories);
  }
  const head = members[0];

  let lastVerifiedAt: Date | null = null;
  if (level !== "none") {
    // Up to 1.2 intervals ago, so that about one household in six is overdue for its re-check.
    const spanDays = Math.round(verificationIntervalMonths[level] * 30.4 * 1.2);
    lastVerifiedAt = new Date(now.getTime() - faker.number.int({ min: 1, max: spanDays }) * day);
  }
  const registeredAt = new Date(
    (lastVerifiedAt ?? now).getTime() - faker.number.int({ min: 0, max: 3 * 365 }) * day,
  );
  const consent = consentFor(faker, level, head, lastVerifiedAt ?? registeredAt);
  const healthConsent = consent.consentScopes?.includes("health") ?? false;

  const needSet = [...new Set(categories.flatMap((c) => typicalNeeds[c]))];
  const needs = needSet.map((need) => ({
    need,
    // Without consent to health information no health note is kept.
    note:
      need === "medical" && !healthConsent
        ? null
        : faker.datatype.boolean({ probability: 0.8 })
          ? faker.helpers.arrayElement(needNotes[need])
          : null,
  }));

  return {
    household: {
      compoundId: options.compoundId,
      ...options.address,
      hardshipLevel: level,
      zeroEmployment: isZeroEmployment(members, year),
      note:
        level !== "none" && faker.datatype.boolean({ probability: 0.3 })
          ? faker.helpers.arrayElement(householdNotes)
          : null,
      ...consent,
      consentRecordedById: null,
      lastVerifiedAt,
      nextVerificationDue: lastVerifiedAt ? nextVerificationDue(level, lastVerifiedAt) : null,
      createdAt: registeredAt,
      updatedAt: lastVerifiedAt ?? registeredAt,
    },
    members,
    categories,
    needs,
  };
}

export interface VolunteerOptions {
  /** 1-based number of the volunteer in the community: v00001@volunteers.example.org. */
  number: number;
  tier: 1 | 2 | 3 | 4;
  compoundId: number;
  supervisorId: number | null;
  now?: Date;
}

/** A volunteer account, invited later: no password, so it cannot sign in yet. */
export function makeVolunteer(faker: Faker, options: VolunteerOptions): Omit<UserRow, "id"> {
  const now = options.now ?? new Date();
  return {
    email: `v${String(options.number).padStart(5, "0")}@volunteers.example.org`,
    name: faker.person.lastName() + faker.person.firstName(),
    phone: mobile(faker),
    role: "volunteer",
    volunteerTier: options.tier,
    supervisorId: options.supervisorId,
    compoundId: options.compoundId,
    locale: "zh-CN",
    passwordHash: null,
    emailVerifiedAt: null,
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Writes one drawn household in the given transaction; returns its id and its members' ids in order. */
export async function insertHousehold(
  tx: Tx,
  draft: HouseholdDraft,
): Promise<{ householdId: number; memberIds: number[] }> {
  const [row] = await tx
    .insert(schema.households)
    .values(draft.household)
    .returning({ id: schema.households.id });
  if (!row) throw new Error("household insert returned no row");
  const members = await tx
    .insert(schema.householdMembers)
    .values(
      draft.members.map((m) => ({
        ...m,
        householdId: row.id,
        createdAt: draft.household.createdAt,
        updatedAt: draft.household.createdAt,
      })),
    )
    .returning({ id: schema.householdMembers.id });
  if (draft.categories.length > 0) {
    await tx
      .insert(schema.householdCategories)
      .values(draft.categories.map((category) => ({ householdId: row.id, category })));
  }
  if (draft.needs.length > 0) {
    await tx.insert(schema.householdNeeds).values(draft.needs.map((n) => ({ householdId: row.id, ...n })));
  }
  return { householdId: row.id, memberIds: members.map((m) => m.id) };
}
