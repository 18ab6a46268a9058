export interface Project {
  id: number;
  name: string;
  /** The public `phc_…` key SDKs send events and flag requests with. */
  apiToken: string;
  timezone: string;
  createdAt: Date;
}

export interface PersonalApiKey {
  id: string;
  label: string;
  /** sha256 of the secret; the secret itself is shown once and never stored. */
  secretHash: string;
  /** First characters of the secret, to recognise a key in a list without revealing it. */
  maskValue: string;
  projectId: number;
  createdAt: Date;
}
