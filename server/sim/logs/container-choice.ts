/**
 * Which container a log request is for, decided as kube-apiserver does before it ever calls the
 * kubelet (pod.LogLocation / validateContainer): the only container by default, otherwise a 400 that
 * lists the choices.
 */
import { badRequest, type KubeStatus } from '../errors.js';
import { namesOf, type PodLike } from './pod.js';

/** The container to read, or the Status to answer with. */
export type ContainerChoice = { readonly ok: true; readonly container: string } | { readonly ok: false; readonly status: KubeStatus };

/**
 * The message lists regular containers and, in a second sentence, init containers, in the wording
 * kubectl users know; the newest kube-apiservers print one combined list instead.
 */
export function chooseContainer(pod: PodLike, requested: string): ContainerChoice {
  const name = pod.metadata.name;
  const containers = namesOf(pod.spec?.containers);
  if (requested === '') {
    if (containers.length === 1 && containers[0] !== undefined) return { ok: true, container: containers[0] };
    if (containers.length === 0) return { ok: false, status: badRequest(`a container name must be specified for pod ${name}`) };
    const init = namesOf(pod.spec?.initContainers);
    const initSentence = init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : '';
    return { ok: false, status: badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initSentence}`) };
  }
  const all = [...containers, ...namesOf(pod.spec?.initContainers), ...namesOf(pod.spec?.ephemeralContainers)];
  if (!all.includes(requested)) return { ok: false, status: badRequest(`container ${requested} is not valid for pod ${name}`) };
  return { ok: true, container: requested };
}
