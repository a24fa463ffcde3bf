import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import LibraryGalleryView from '@/features/library/components/LibraryGalleryView.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/library' },
  { path: '/library', name: 'library', component: LibraryGalleryView, meta: { title: 'Library' } },
  {
    path: '/adapters/:id(\\d+)',
    name: 'adapter',
    component: () => import('@/features/adapter-detail/components/AdapterDetailView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'Adapter' },
  },
  {
    path: '/composer',
    name: 'composer',
    component: () => import('@/features/composer/components/ComposerView.vue'),
    meta: { title: 'Composer' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('@/features/library-admin/components/LibraryAdminView.vue'),
    meta: { title: 'Folders & scans' },
  },
  {
    path: '/jobs',
    name: 'jobs',
    component: () => import('@/features/jobs/components/JobsView.vue'),
    meta: { title: 'Jobs' },
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/features/dashboard/components/DashboardView.vue'),
    meta: { title: 'Dashboard' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/features/app-shell/components/AppShellNotFound.vue'),
    meta: { title: 'Not found' },
  },
]

export function makeRouter() {
  const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes })
  router.afterEach((to) => {
    const title = typeof to.meta.title === 'string' ? to.meta.title : ''
    document.title = title ? `${title} · LoRA Manager` : 'LoRA Manager'
  })
  return router
}
