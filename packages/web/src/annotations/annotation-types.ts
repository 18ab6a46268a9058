/** An annotation as `/api/projects/@current/annotations/` answers it. */
export interface Annotation {
  id: number;
  content: string;
  date_marker: string;
  scope: 'dashboard_item' | 'dashboard' | 'project' | 'organization';
  dashboard_item: number | null;
  creation_type: 'USR' | 'GIT';
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted: boolean;
}

export interface AnnotationList {
  count: number;
  next: string | null;
  results: Annotation[];
}
