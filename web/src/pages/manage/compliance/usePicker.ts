import { computed, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { errorText } from '../../../composables/errors';
import { loadPlans, loadUnitTree, subtreeOf } from './shared';
import type { Plan, UnitNode } from './shared';

/**
 * The plan + unit picker of the compliance pages, kept in the address (?plan=&unit=) so the
 * dashboard, the missing lists and the report link to each other with the same choice. Drafts
 * have no figures yet, so only active and closed plans are offered.
 */
export function usePicker(onChange: () => void) {
  const route = useRoute();
  const router = useRouter();
  const plans = ref<Plan[]>([]);
  const tree = ref<UnitNode[]>([]);
  const error = ref('');
  const ready = ref(false);
  const planId = ref(typeof route.query.plan === 'string' ? route.query.plan : '');
  const unitId = ref(typeof route.query.unit === 'string' ? route.query.unit : '');

  const plan = computed(() => plans.value.find((p) => p.id === planId.value) ?? null);
  // the plan's unit and those below it; when the plan is of a unit above the caller's scope (a
  // bureau's plan seen by a department's secretary), the units of that scope (the server checks)
  const units = computed(() => {
    if (!plan.value) return [];
    const under = subtreeOf(tree.value, plan.value.unit.id);
    return under.length ? under : tree.value.flatMap((r) => subtreeOf(tree.value, r.id));
  });
  const firstUnit = () => units.value[0]?.unit.id ?? plan.value?.unit.id ?? '';
  const query = computed(() => ({
    plan: planId.value,
    ...(unitId.value && unitId.value !== plan.value?.unit.id ? { unit: unitId.value } : {}),
  }));

  async function init(): Promise<void> {
    try {
      const [all, roots] = await Promise.all([loadPlans(), loadUnitTree()]);
      plans.value = all
        .filter((p) => p.status !== 'draft')
        .sort((a, b) => b.year - a.year || a.unit.code.localeCompare(b.unit.code));
      tree.value = roots;
      if (!plan.value) planId.value = plans.value[0]?.id ?? '';
      if (!units.value.some((u) => u.unit.id === unitId.value)) unitId.value = firstUnit();
      ready.value = true;
      if (planId.value) onChange();
    } catch (e) {
      error.value = errorText(e);
    }
  }

  function pickPlan(): void {
    unitId.value = firstUnit();
    changed();
  }

  function changed(): void {
    void router.replace({ query: { ...route.query, ...query.value, unit: query.value.unit } });
    onChange();
  }

  return { plans, tree, error, ready, planId, unitId, plan, units, query, init, pickPlan, changed };
}
