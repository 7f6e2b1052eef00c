import type { Messages } from './en.ts';

export const fr: Messages = {
  'product.name': 'Mandate',
  'common.loading': 'Chargement…',
  'common.retry': 'Réessayer',
  'common.goHome': 'Retour à l’accueil',
  'common.none': '—',
  'common.primary': 'principal',
  'common.previous': 'Précédent',
  'common.next': 'Suivant',

  'language.label': 'Langue',
  'language.nl': 'Nederlands',
  'language.fr': 'Français',
  'language.en': 'English',

  'login.title': 'Se connecter à Mandate',
  'login.subtitle': 'Le portail self-care des clients professionnels.',
  'login.email': 'Adresse e-mail',
  'login.password': 'Mot de passe',
  'login.submit': 'Se connecter',
  'login.emailRequired': 'Saisissez votre adresse e-mail.',
  'login.emailInvalid': 'Saisissez une adresse e-mail valide.',
  'login.passwordRequired': 'Saisissez votre mot de passe.',
  'login.error.title': 'Échec de la connexion',
  'login.error.invalidCredentials': 'L’adresse e-mail ou le mot de passe est incorrect.',
  'login.error.throttled': 'Trop de tentatives, réessayez plus tard.',
  'login.error.suspended': 'Votre accès a été suspendu. Contactez votre administrateur ou l’opérateur.',

  'login.sessionEnded': 'Votre session a pris fin. Reconnectez-vous.',

  'session.restoring': 'Restauration de votre session…',

  'layout.skipToContent': 'Aller au contenu',
  'layout.navigation': 'Navigation principale',
  'layout.toggleNavigation': 'Afficher ou masquer la navigation',
  'layout.customer': 'Client',
  'layout.noCustomer': 'Aucun client',
  'layout.userMenu': 'Menu utilisateur',
  'layout.signOut': 'Se déconnecter',
  'layout.home': 'Accueil',
  'layout.apps': 'Applications',

  'relation.member': 'membre',
  'relation.affiliate': 'via {parent}',
  'relation.affiliateUnknown': 'société liée',
  'relation.delegation': 'délégué à {partner}',
  'relation.delegationUnknown': 'délégation',

  'nav.backoffice': 'Back-office',
  'nav.profile': 'Mon profil',

  'app.user-management': 'Gestion des utilisateurs',
  'app.invoices': 'Ma facture en ligne',
  'app.insights': 'Invoice Insights',
  'app.fleet-manager': 'Fleet Manager',
  'app.mobile': 'Numéros mobiles',
  'app.invoice-delivery': 'Envoi des factures',
  'app.orders': 'Commandes',

  'appDescription.user-management': 'Ajoutez des utilisateurs, attribuez-leur profils et droits, et voyez qui peut faire quoi pour votre entreprise.',
  'appDescription.invoices': 'Vos factures, données de facturation et de consommation, détails des appels et crédits d’appel.',
  'appDescription.insights': 'Analysez factures et consommation par mois, compte, carte SIM, centre de coûts ou type de frais.',
  'appDescription.fleet-manager': 'Gérez votre flotte mobile et ses données de facturation ; analysez-les et exportez-les.',
  'appDescription.mobile': 'Suivez la consommation de chaque carte SIM et modifiez son plan tarifaire et ses options.',
  'appDescription.invoice-delivery': 'Recevez vos factures par e-mail (GreenBill) ou dans votre application bancaire (Zoomit).',
  'appDescription.orders': 'Commandez des produits et services pour votre entreprise.',

  'appDetails.user-management':
    'Nommez des Access Managers, Support Portal Users et Service Users, donnez-leur des droits sur des applications, comptes de facturation, centres de coûts ou cartes SIM, et suivez qui peut faire quoi pour votre entreprise et ses sociétés liées.',
  'appDetails.invoices':
    'Consultez vos données de facturation et de consommation dès qu’une période de facturation est clôturée, le détail des appels (numéros appelés et destinataires des SMS, jamais leur contenu) et vos crédits d’appel avec leur évolution et leurs transferts. La facture officielle prévaut sur les chiffres affichés dans le portail.',
  'appDetails.insights':
    'Consultez, filtrez et analysez vos factures et votre consommation par mois, par compte de facturation, par carte SIM, par centre de coûts et par type de frais. Enregistrez vos propres vues et imprimez-les.',
  'appDetails.fleet-manager':
    'Gérez les appareils équipés de nos cartes SIM et les données de facturation qu’ils génèrent : consulter, filtrer, analyser, imprimer et exporter en CSV ou tableur. Disponible pour les clients d’au moins 30 cartes SIM.',
  'appDetails.mobile':
    'Suivez la consommation de chaque carte SIM presque en temps réel, modifiez plans tarifaires, options et masquage du numéro, bloquez une carte SIM perdue ou volée et donnez à vos collaborateurs des droits self-service sur leur propre ligne.',
  'appDetails.invoice-delivery':
    'Fini les factures papier : recevez-les par e-mail avec GreenBill (avec une notification par e-mail ou SMS) ou directement dans votre application bancaire avec Zoomit.',
  'appDetails.orders': 'Commandez des produits et services pour votre entreprise et suivez vos commandes, dans les limites des droits qui vous ont été délégués.',

  'appLanding.laterRelease': 'Cette application arrive dans une version ultérieure.',
  'appLanding.laterReleaseTitle': 'Bientôt disponible',

  'home.title': 'Bienvenue, {name}',
  'home.subtitle': 'Les applications que vous pouvez utiliser pour {customer}.',
  'home.noApps': 'Vous n’avez encore aucune application chez ce client. Demandez l’accès à votre administrateur.',

  'profileName.access_owner': 'Access Owner',
  'profileName.access_manager': 'Access Manager',
  'profileName.support_portal_user': 'Support Portal User',
  'profileName.service_user': 'Service User',

  'subProfile.purchaser': 'Acheteur',
  'subProfile.incident_manager': 'Gestionnaire d’incidents',
  'subProfile.financial_manager': 'Gestionnaire financier',
  'subProfile.fleet_manager': 'Gestionnaire de flotte',

  'status.active': 'Actif',
  'status.suspended': 'Suspendu',

  'users.title': 'Utilisateurs',
  'users.subtitle': 'Toutes les personnes qui peuvent agir pour {customer}.',
  'users.tableLabel': 'Utilisateurs de {customer}',
  'users.searchLabel': 'Rechercher des utilisateurs',
  'users.searchPlaceholder': 'Nom ou adresse e-mail',
  'users.column.name': 'Nom',
  'users.column.email': 'Adresse e-mail',
  'users.column.profile': 'Profil',
  'users.column.status': 'Statut',
  'users.column.employmentEnd': 'Fin de l’emploi',
  'users.filter.profile': 'Profil',
  'users.filter.status': 'Statut',
  'users.filter.any': 'Tous',
  'users.empty': 'Aucun utilisateur ne correspond',
  'users.noEnd': 'Pas de date de fin',

  'table.page': 'Page {page}',
  'table.pagination': 'Pagination',

  'myProfile.title': 'Mon profil',
  'myProfile.details': 'Données personnelles',
  'myProfile.name': 'Nom',
  'myProfile.email': 'Adresse e-mail',
  'myProfile.language': 'Langue préférée',
  'myProfile.operator': 'Personnel de l’opérateur',
  'myProfile.profiles': 'Mes profils par client',
  'myProfile.customer': 'Client',
  'myProfile.enterpriseNumber': 'Numéro d’entreprise',
  'myProfile.relation': 'À quel titre vous agissez',
  'myProfile.profile': 'Profil',
  'myProfile.noCustomers': 'Vous n’agissez pour aucun client.',
  'myProfile.viaAffiliate': 'Access Owner de la société mère',
  'myProfile.viaDelegation': 'Délégation',

  'administrator.title': 'Qui est mon administrateur ?',
  'administrator.intro': 'Contactez-les pour un accès ou des droits chez {customer}.',
  'administrator.none': 'Ce client n’a pas encore d’administrateur.',
  'administrator.noCustomer': 'Choisissez un client pour voir ses administrateurs.',
  'administrator.email': 'E-mail',
  'administrator.phone': 'Téléphone',

  'backoffice.title': 'Back-office',
  'backoffice.description':
    'Le travail de l’opérateur pour les clients : accepter les enregistrements, examiner les délégations à des tiers et suspendre l’accès d’un client ou d’un utilisateur pour raison de sécurité ou de fraude.',
  'backoffice.queues': 'Les files de travail arrivent dans une version ultérieure.',

  'error.notFound.title': 'Page introuvable',
  'error.notFound.text': 'Cette page n’existe pas ou ne vous est pas accessible.',
  'error.customerNotFound.title': 'Client introuvable',
  'error.customerNotFound.text': 'Vous ne pouvez pas agir pour ce client, ou il n’existe pas.',
  'error.notAvailable.title': 'Non disponible',
  'error.forbidden': 'Vous n’avez pas accès à ceci.',
  'error.network.title': 'Le serveur est injoignable',
  'error.network.text': 'Vérifiez votre connexion et réessayez.',
  'error.generic.title': 'Une erreur est survenue',
  'error.generic.text': 'Une erreur inattendue s’est produite. Réessayez plus tard.',
  'error.validation.title': 'Requête invalide',
  // @@i18n:mail
  // @@i18n:users-admin
  // @@i18n:grants
  // @@i18n:delegations
};
